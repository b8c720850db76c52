// The diagram as a Mermaid erDiagram: entities with their attributes (type, name, key, a comment
// saying "not null" and any drift), declared foreign keys as identifying relationships (--) and
// logical links as non-identifying ones (..). Mermaid has no clusters: groups become comments.

import type { ErdModel } from './model.js';

/** Mermaid's attribute words take letters, digits, _ - ( ) [ ]; anything else becomes _. */
const word = (s: string) => {
  const w = s.replace(/[^A-Za-z0-9_()[\]-]/g, '_');
  return /^[A-Za-z_]/.test(w) ? w : `_${w}`;
};
const comment = (s: string) => s.replace(/"/g, "'");

export function renderMermaid(m: ErdModel): string {
  const out = ['erDiagram'];
  for (const g of m.groups) {
    out.push(`  %% group: ${g.label}`);
    for (const t of m.tables.filter((x) => x.group === g.id)) {
      const cols = t.columns.map((c) => {
        const keys = [c.primaryKey && 'PK', c.foreignKey && 'FK', c.unique && !c.primaryKey && 'UK']
          .filter(Boolean)
          .join(', ');
        const notes = [c.nullable ? '' : 'not null', c.drift ? `drift: ${c.drift}` : ''].filter(Boolean).join('; ');
        return `    ${word(c.type || 'unknown')} ${word(c.name)}${keys ? ' ' + keys : ''}${notes ? ` "${comment(notes)}"` : ''}`;
      });
      out.push(...(cols.length ? [`  ${word(t.name)} {`, ...cols, '  }'] : [`  ${word(t.name)}`]));
    }
  }
  for (const l of m.links) {
    const rel = l.kind === 'logical' ? '}o..o|' : '}o--o|';
    out.push(
      `  ${word(l.table)} ${rel} ${word(l.refTable)} : "${comment(`${l.columns.join(', ')} → ${l.refColumns.join(', ')}${l.kind === 'logical' ? ' (logical)' : ''}`)}"`,
    );
  }
  return out.join('\n') + '\n';
}
