// The laid-out diagram as a standalone SVG: no script, no external font or image, so it opens
// anywhere and can be inlined in the HTML report. Drift is drawn on the boxes and rows.

import { METRICS, type Layout, type PlacedTable } from './layout.js';

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => String(Math.round(v * 10) / 10);

const LEGEND_HEIGHT = 30;

const STYLE = `
.erd text { font-family: 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace; font-size: ${METRICS.font}px; fill: #1f2933; }
.erd .group rect { fill: #f5f7fa; stroke: #cbd2d9; stroke-width: 1; }
.erd .group text { font-size: 12px; font-weight: bold; fill: #52606d; }
.erd .table > rect.box { fill: #ffffff; stroke: #3e4c59; stroke-width: 1.2; }
.erd .table rect.head { fill: #334e68; }
.erd .table text.title { fill: #ffffff; font-weight: bold; }
.erd .table text.key { fill: #9b6a00; font-weight: bold; }
.erd .table text.type, .erd .table text.null { fill: #7b8794; }
.erd .table text.more { fill: #7b8794; font-style: italic; }
.erd .table.drift-changed > rect.box { stroke: #d97706; stroke-width: 3; }
.erd .table.drift-extra > rect.box { stroke: #2563eb; stroke-width: 3; stroke-dasharray: 8 3; }
.erd .table.drift-missing > rect.box { stroke: #dc2626; stroke-width: 3; stroke-dasharray: 6 4; fill: #fef2f2; }
.erd .table.drift-missing rect.head { fill: #dc2626; }
.erd .row.drift-changed rect { fill: #fef3c7; }
.erd .row.drift-extra rect { fill: #dbeafe; }
.erd .row.drift-missing rect { fill: #fee2e2; }
.erd .row.drift-missing text { fill: #b91c1c; text-decoration: line-through; }
.erd .link path { fill: none; stroke-width: 1.4; }
.erd .link.foreign-key path { stroke: #334e68; }
.erd .link.logical path { stroke: #7c3aed; stroke-dasharray: 6 4; }
.erd .link text { font-size: ${METRICS.label}px; fill: #52606d; }
.erd .link.logical text { fill: #6d28d9; }
.erd .legend text { font-size: 12px; }
`;

function tableSvg(t: PlacedTable): string {
  const { table } = t;
  const cls = `table${table.drift ? ` drift-${table.drift}` : ''}`;
  const title = table.drift ? `${table.name} (${table.drift})` : table.name;
  const tip = [table.name, ...table.driftNotes].join('\n');
  const out = [
    `<g class="${cls}" data-table="${esc(table.name)}" data-group="${esc(table.group)}" transform="translate(${n(t.x)},${n(t.y)})">`,
    `<title>${esc(tip)}</title>`,
    `<rect class="box" width="${n(t.width)}" height="${n(t.height)}" rx="3"/>`,
    `<rect class="head" width="${n(t.width)}" height="${METRICS.header}" rx="3"/>`,
    `<text class="title" x="${METRICS.pad}" y="${METRICS.header - 8}">${esc(title)}</text>`,
  ];
  t.rows.forEach((r, i) => {
    const y = METRICS.header + i * METRICS.row;
    const base = y + METRICS.row - 5;
    const c = r.column;
    if (!c) {
      out.push(`<text class="more" x="${METRICS.pad}" y="${n(base)}">${esc(r.text.name)}</text>`);
      return;
    }
    out.push(`<g class="row${c.drift ? ` drift-${c.drift}` : ''}" data-column="${esc(c.name)}">`);
    if (c.drift)
      out.push(
        `<title>${esc(c.driftNote ?? c.drift)}</title><rect x="1" y="${y}" width="${n(t.width - 2)}" height="${METRICS.row}"/>`,
      );
    if (r.text.key) out.push(`<text class="key" x="${n(t.cols.key)}" y="${n(base)}">${esc(r.text.key)}</text>`);
    out.push(`<text class="name" x="${n(t.cols.name)}" y="${n(base)}">${esc(r.text.name)}</text>`);
    out.push(`<text class="type" x="${n(t.cols.type)}" y="${n(base)}">${esc(r.text.type)}</text>`);
    out.push(`<text class="null" x="${n(t.cols.nullable)}" y="${n(base)}">${esc(r.text.nullable)}</text>`);
    out.push('</g>');
  });
  out.push('</g>');
  return out.join('');
}

function legend(): string {
  const items = [
    `<path d="M0,10 h28" stroke="#334e68" stroke-width="1.4" marker-end="url(#erd-arrow)"/><text x="34" y="14">foreign key</text>`,
    `<path d="M130,10 h28" stroke="#7c3aed" stroke-width="1.4" stroke-dasharray="6 4" marker-end="url(#erd-arrow-logical)"/><text x="164" y="14">logical link (known to the pack, not declared)</text>`,
    `<text x="520" y="14" fill="#d97706">≠ changed</text><text x="610" y="14" fill="#2563eb">+ extra</text><text x="680" y="14" fill="#dc2626">− missing</text>`,
  ];
  return `<g class="legend" transform="translate(16,6)">${items.join('')}</g>`;
}

export function renderSvg(l: Layout, title = 'voipdb entity-relationship diagram'): string {
  const width = Math.max(l.width, 780);
  const height = l.height + LEGEND_HEIGHT;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="erd" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '<defs>',
    '<marker id="erd-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#334e68"/></marker>',
    '<marker id="erd-arrow-logical" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#7c3aed"/></marker>',
    '</defs>',
    legend(),
    `<g transform="translate(0,${LEGEND_HEIGHT})">`,
  ];
  for (const g of l.groups) {
    out.push(
      `<g class="group" data-group="${esc(g.id)}"><rect x="${n(g.x)}" y="${n(g.y)}" width="${n(g.width)}" height="${n(g.height)}" rx="6"/>` +
        `<text x="${n(g.x + 10)}" y="${n(g.y + 19)}">${esc(g.label)}</text></g>`,
    );
  }
  for (const t of l.tables) out.push(tableSvg(t));
  for (const p of l.links) {
    const { link } = p;
    const d = p.points.map((pt, i) => `${i ? 'L' : 'M'}${n(pt.x)},${n(pt.y)}`).join(' ');
    const marker = link.kind === 'logical' ? 'erd-arrow-logical' : 'erd-arrow';
    const tip = `${link.table}(${link.columns.join(', ')}) → ${link.refTable}(${link.refColumns.join(', ')})${link.note ? `: ${link.note}` : ''}`;
    out.push(
      `<g class="link ${link.kind}" data-from="${esc(link.table)}" data-to="${esc(link.refTable)}"><title>${esc(tip)}</title><path d="${d}" marker-end="url(#${marker})"/>` +
        (p.label
          ? `<text x="${n(p.label.x + 3)}" y="${n(p.label.y + p.label.height - 4)}">${esc(p.label.text)}</text>`
          : '') +
        '</g>',
    );
  }
  out.push('</g></svg>');
  return out.join('\n');
}
