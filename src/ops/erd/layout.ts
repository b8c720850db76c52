// Where every box and line of the diagram goes, computed by ELK's layered algorithm (elkjs,
// loaded only when a diagram is drawn): groups are compound nodes holding their tables, links
// are edges routed orthogonally around the boxes, labels placed by the engine.

import type { ErdLink, ErdModel, ErdTable } from './model.js';

/** Text metrics the SVG is drawn with (a monospace font, so widths are known without a browser). */
export const METRICS = { font: 12, charWidth: 7.3, row: 18, header: 26, pad: 8, groupTop: 30, label: 11 } as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ShownColumn {
  name: string;
  text: { key: string; name: string; type: string; nullable: string };
  column?: ErdTable['columns'][number];
}

export interface PlacedTable extends Box {
  table: ErdTable;
  rows: ShownColumn[];
  /** x offsets of the text columns inside the box. */
  cols: { key: number; name: number; type: number; nullable: number };
}

export interface PlacedGroup extends Box {
  id: string;
  label: string;
}

export interface PlacedLink {
  link: ErdLink;
  points: { x: number; y: number }[];
  label?: Box & { text: string };
}

export interface Layout {
  width: number;
  height: number;
  groups: PlacedGroup[];
  tables: PlacedTable[];
  links: PlacedLink[];
}

export interface LayoutOptions {
  /** 'all' columns, or 'keys': keys, linked and drifted columns, and a count of the rest. */
  columns?: 'all' | 'keys';
}

const keyOf = (c: ErdTable['columns'][number]) => (c.primaryKey ? 'PK' : c.foreignKey ? 'FK' : c.unique ? 'UK' : '');
const markOf = { missing: '−', extra: '+', changed: '≠' } as const;

function rowsOf(t: ErdTable, linked: Set<string>, mode: 'all' | 'keys'): ShownColumn[] {
  const shown =
    mode === 'all' ? t.columns : t.columns.filter((c) => keyOf(c) || c.drift || linked.has(`${t.name}.${c.name}`));
  const rows: ShownColumn[] = shown.map((c) => ({
    name: c.name,
    column: c,
    text: {
      key: c.drift ? markOf[c.drift] + keyOf(c) : keyOf(c),
      name: c.name,
      type: c.type,
      nullable: c.nullable ? 'null' : 'not null',
    },
  }));
  const hidden = t.columns.length - shown.length;
  if (hidden > 0)
    rows.push({
      name: '',
      text: { key: '', name: `… ${hidden} more column${hidden > 1 ? 's' : ''}`, type: '', nullable: '' },
    });
  return rows;
}

function measure(t: ErdTable, rows: ShownColumn[]): Pick<PlacedTable, 'width' | 'height' | 'cols'> {
  const cw = METRICS.charWidth;
  const w = (k: keyof ShownColumn['text']) => Math.max(0, ...rows.filter((r) => r.column).map((r) => r.text[k].length));
  const key = METRICS.pad;
  const name = key + (w('key') ? (w('key') + 1) * cw : 0);
  const type = name + (w('name') + 2) * cw;
  const nullable = type + (w('type') + 2) * cw;
  const rowsWidth = nullable + w('nullable') * cw + METRICS.pad;
  const loose = Math.max(...rows.filter((r) => !r.column).map((r) => r.text.name.length * cw + 2 * METRICS.pad), 0);
  const title = (t.name.length + (t.drift ? 10 : 0)) * (cw + 0.8) + 2 * METRICS.pad;
  return {
    width: Math.ceil(Math.max(rowsWidth, loose, title, 120)),
    height: METRICS.header + Math.max(rows.length, 1) * METRICS.row + 4,
    cols: { key, name, type, nullable },
  };
}

interface ElkNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkNode[];
  edges?: ElkEdge[];
  labels?: { text: string; width: number; height: number; x?: number; y?: number }[];
  layoutOptions?: Record<string, string>;
}

interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  labels?: { text: string; width: number; height: number; x?: number; y?: number }[];
  sections?: {
    startPoint: { x: number; y: number };
    endPoint: { x: number; y: number };
    bendPoints?: { x: number; y: number }[];
  }[];
  container?: string;
}

type ElkClass = new () => { layout(graph: ElkNode): Promise<ElkNode> };

const nodeId = (table: string) => `t:${table}`;
const groupId = (group: string) => `g:${group}`;

type Elk = InstanceType<ElkClass>;
type Measured = Map<string, { rows: ShownColumn[] } & Pick<PlacedTable, 'width' | 'height' | 'cols'>>;

const LAYERED: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeLabel': '4',
  'elk.edgeLabels.placement': 'CENTER',
};

const labelText = (l: ErdLink) => `${l.columns.join(', ')} → ${l.refColumns.join(', ')}`;

function edgesOf(model: ErdModel, links: number[]): ElkEdge[] {
  return links.map((i) => {
    const l = model.links[i]!;
    const text = labelText(l);
    return {
      id: `e${i}`,
      sources: [nodeId(l.table)],
      targets: [nodeId(l.refTable)],
      labels: [{ text, width: text.length * METRICS.label * 0.62 + 6, height: METRICS.label + 4 }],
    };
  });
}

const labelWidth = (label: string) => Math.ceil(label.length * (METRICS.charWidth + 0.8) + 24);
const groupPadding = `[top=${METRICS.groupTop},left=14,bottom=14,right=14]`;
const tableNode = (m: Measured, t: ErdTable): ElkNode => ({
  id: nodeId(t.name),
  width: m.get(t.name)!.width,
  height: m.get(t.name)!.height,
});

/**
 * Groups joined by links are laid out together (ELK routes every link between their tables);
 * a group alone lays out its tables in packed components, so unrelated tables do not pile up
 * in one column.
 */
async function layoutComponent(elk: Elk, model: ErdModel, groupIds: string[], measured: Measured): Promise<Layout> {
  const inside = new Set(model.tables.filter((t) => groupIds.includes(t.group)).map((t) => t.name));
  const links = model.links
    .map((l, i) => [l, i] as const)
    .filter(([l]) => inside.has(l.table))
    .map(([, i]) => i);
  const tablesOf = (g: string) => model.tables.filter((t) => t.group === g);
  let graph: ElkNode;
  if (groupIds.length === 1) {
    const g = model.groups.find((x) => x.id === groupIds[0])!;
    graph = {
      id: groupId(g.id),
      layoutOptions: {
        ...LAYERED,
        'elk.separateConnectedComponents': 'true',
        'elk.aspectRatio': '1.3',
        'elk.padding': groupPadding,
        'elk.spacing.componentComponent': '28',
      },
      children: tablesOf(g.id).map((t) => tableNode(measured, t)),
      edges: edgesOf(model, links),
    };
  } else {
    graph = {
      id: 'root',
      layoutOptions: {
        ...LAYERED,
        'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
        'elk.padding': '[top=0,left=0,bottom=0,right=0]',
      },
      children: groupIds.map((id) => ({
        id: groupId(id),
        layoutOptions: {
          'elk.padding': groupPadding,
          'elk.nodeSize.constraints': 'MINIMUM_SIZE',
          'elk.nodeSize.minimum': `(${labelWidth(model.groups.find((g) => g.id === id)!.label)}, 40)`,
        },
        children: tablesOf(id).map((t) => tableNode(measured, t)),
      })),
      edges: edgesOf(model, links),
    };
  }
  const done = await elk.layout(graph);
  const groupNodes = groupIds.length === 1 ? [done] : (done.children ?? []);

  // ELK gives child coordinates relative to their parent, edge points relative to the edge's container.
  const origin = new Map<string, { x: number; y: number }>([['root', { x: 0, y: 0 }]]);
  if (groupIds.length === 1)
    done.width = Math.max(done.width ?? 0, labelWidth(model.groups.find((g) => g.id === groupIds[0])!.label));
  const out: Layout = {
    width: Math.ceil(done.width ?? 0),
    height: Math.ceil(done.height ?? 0),
    groups: [],
    tables: [],
    links: [],
  };
  for (const g of groupNodes) {
    const gx = groupIds.length === 1 ? 0 : (g.x ?? 0);
    const gy = groupIds.length === 1 ? 0 : (g.y ?? 0);
    origin.set(g.id, { x: gx, y: gy });
    const meta = model.groups.find((x) => groupId(x.id) === g.id)!;
    out.groups.push({ id: meta.id, label: meta.label, x: gx, y: gy, width: g.width ?? 0, height: g.height ?? 0 });
    for (const n of g.children ?? []) {
      const t = model.tables.find((x) => nodeId(x.name) === n.id)!;
      const m = measured.get(t.name)!;
      origin.set(n.id, { x: gx + (n.x ?? 0), y: gy + (n.y ?? 0) });
      out.tables.push({
        table: t,
        rows: m.rows,
        cols: m.cols,
        x: gx + (n.x ?? 0),
        y: gy + (n.y ?? 0),
        width: m.width,
        height: m.height,
      });
    }
  }
  const allEdges = [...(done.edges ?? []), ...(done.children ?? []).flatMap((g) => g.edges ?? [])];
  for (const e of allEdges) {
    const link = model.links[Number(e.id.slice(1))]!;
    const o = origin.get(e.container ?? 'root') ?? { x: 0, y: 0 };
    const points = (e.sections ?? [])
      .flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint])
      .map((p) => ({ x: p.x + o.x, y: p.y + o.y }));
    const lab = e.labels?.[0];
    out.links.push({
      link,
      points,
      ...(lab && lab.x !== undefined
        ? { label: { text: lab.text, x: lab.x + o.x, y: (lab.y ?? 0) + o.y, width: lab.width, height: lab.height } }
        : {}),
    });
  }
  return out;
}

/** Groups that links join, each set of them laid out as one piece. */
function components(model: ErdModel): string[][] {
  const parent = new Map(model.groups.map((g) => [g.id, g.id]));
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  const groupOfTable = new Map(model.tables.map((t) => [t.name, t.group]));
  for (const l of model.links) {
    const a = find(groupOfTable.get(l.table)!);
    const b = find(groupOfTable.get(l.refTable)!);
    if (a !== b) parent.set(a, b);
  }
  const out = new Map<string, string[]>();
  for (const g of model.groups) out.set(find(g.id), [...(out.get(find(g.id)) ?? []), g.id]);
  return [...out.values()];
}

const shift = (l: Layout, dx: number, dy: number): Omit<Layout, 'width' | 'height'> => ({
  groups: l.groups.map((g) => ({ ...g, x: g.x + dx, y: g.y + dy })),
  tables: l.tables.map((t) => ({ ...t, x: t.x + dx, y: t.y + dy })),
  links: l.links.map((k) => ({
    ...k,
    points: k.points.map((p) => ({ x: p.x + dx, y: p.y + dy })),
    ...(k.label ? { label: { ...k.label, x: k.label.x + dx, y: k.label.y + dy } } : {}),
  })),
});

export async function layout(model: ErdModel, opts: LayoutOptions = {}): Promise<Layout> {
  // elkjs is CommonJS: node hands its module.exports over as the default export.
  const mod = (await import('elkjs/lib/elk.bundled.js')) as unknown as { default: ElkClass & { default?: ElkClass } };
  const ELK = mod.default.default ?? mod.default;
  const elk = new ELK();
  const linked = new Set(
    model.links.flatMap((l) => [
      ...l.columns.map((c) => `${l.table}.${c}`),
      ...l.refColumns.map((c) => `${l.refTable}.${c}`),
    ]),
  );
  const measured: Measured = new Map(
    model.tables.map((t) => {
      const rows = rowsOf(t, linked, opts.columns ?? 'all');
      return [t.name, { rows, ...measure(t, rows) }] as const;
    }),
  );
  const pieces: Layout[] = [];
  for (const c of components(model)) pieces.push(await layoutComponent(elk, model, c, measured));
  // The pieces packed into rows by ELK's rectangle packing, the largest first.
  const order = pieces
    .map((p, i) => i)
    .sort((a, b) => pieces[b]!.width * pieces[b]!.height - pieces[a]!.width * pieces[a]!.height);
  const packed = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'rectpacking',
      'elk.aspectRatio': '1.6',
      'elk.spacing.nodeNode': '24',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: order.map((i) => ({ id: `c${i}`, width: pieces[i]!.width, height: pieces[i]!.height })),
  });
  const out: Layout = {
    width: Math.ceil(packed.width ?? 0),
    height: Math.ceil(packed.height ?? 0),
    groups: [],
    tables: [],
    links: [],
  };
  for (const n of packed.children ?? []) {
    const s = shift(pieces[Number(n.id.slice(1))]!, n.x ?? 0, n.y ?? 0);
    out.groups.push(...s.groups);
    out.tables.push(...s.tables);
    out.links.push(...s.links);
  }
  return out;
}
