// The diagram as Graphviz DOT: one cluster per group, a table per node (an HTML-like label with
// its columns), foreign keys as solid edges, logical links dashed. `dot -Tsvg` draws it.

import type { ErdModel, ErdTable } from './model.js';

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const COLORS = { missing: '#dc2626', extra: '#2563eb', changed: '#d97706' } as const;
const MARKS = { missing: '−', extra: '+', changed: '≠' } as const;

function label(t: ErdTable): string {
  const border = t.drift ? ` COLOR="${COLORS[t.drift]}"` : '';
  const rows = t.columns.map((c) => {
    const key = (c.drift ? MARKS[c.drift] : '') + (c.primaryKey ? 'PK' : c.foreignKey ? 'FK' : c.unique ? 'UK' : '');
    const bg = c.drift
      ? ` BGCOLOR="${c.drift === 'missing' ? '#fee2e2' : c.drift === 'extra' ? '#dbeafe' : '#fef3c7'}"`
      : '';
    return (
      `<TR><TD ALIGN="LEFT"${bg}>${html(key)}</TD><TD ALIGN="LEFT" PORT="${html(c.name)}"${bg}>${html(c.name)}</TD>` +
      `<TD ALIGN="LEFT"${bg}><FONT COLOR="#7b8794">${html(c.type)}</FONT></TD>` +
      `<TD ALIGN="LEFT"${bg}><FONT COLOR="#7b8794">${c.nullable ? 'null' : 'not null'}</FONT></TD></TR>`
    );
  });
  const title = t.drift ? `${t.name} (${t.drift})` : t.name;
  return (
    `<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"${border}>` +
    `<TR><TD COLSPAN="4" BGCOLOR="${t.drift === 'missing' ? COLORS.missing : '#334e68'}"><FONT COLOR="white"><B>${html(title)}</B></FONT></TD></TR>` +
    (rows.length ? rows.join('') : '<TR><TD COLSPAN="4"> </TD></TR>') +
    '</TABLE>>'
  );
}

export function renderDot(m: ErdModel): string {
  const out = [
    'digraph erd {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, nodesep=0.4, ranksep=0.8];',
    '  node [shape=plaintext, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  m.groups.forEach((g, i) => {
    out.push(
      `  subgraph cluster_${i} {`,
      `    label=${quoted(g.label)}; style="rounded,filled"; fillcolor="#f5f7fa"; color="#cbd2d9";`,
    );
    for (const t of m.tables.filter((x) => x.group === g.id)) out.push(`    ${quoted(t.name)} [label=${label(t)}];`);
    out.push('  }');
  });
  for (const l of m.links) {
    const style = l.kind === 'logical' ? 'style=dashed, color="#7c3aed", fontcolor="#6d28d9"' : 'color="#334e68"';
    const text = `${l.columns.join(', ')} → ${l.refColumns.join(', ')}`;
    out.push(`  ${quoted(l.table)} -> ${quoted(l.refTable)} [label=${quoted(text)}, ${style}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
