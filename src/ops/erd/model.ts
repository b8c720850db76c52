// What an entity-relationship diagram shows, read from the live database: tables with their
// columns, declared foreign keys, the relations the packs know (logical links), each table in
// the group of the set and pack module that owns it, and drift marked where it is.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { expectedModelOf } from '../../engine/drift.js';
import type { SetState } from '../../engine/planner.js';
import type { LogicalRelation, Pack } from '../../engine/types.js';
import { loadPack, packOfSet } from '../../packs/index.js';
import type { Difference } from '../../schema/diff.js';
import { normalType } from '../../schema/normalize.js';
import type { Model, Table } from '../../schema/types.js';

export type DriftMark = 'missing' | 'extra' | 'changed';

export interface ErdColumn {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  foreignKey: boolean;
  unique: boolean;
  drift?: DriftMark;
  /** What drifted, for people. */
  driftNote?: string;
}

export interface ErdTable {
  name: string;
  /** Id of the group (set and module) that owns the table. */
  group: string;
  columns: ErdColumn[];
  drift?: DriftMark;
  /** Table-level differences (indexes, constraints) and column ones, one line each. */
  driftNotes: string[];
}

export interface ErdLink {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  /** A declared foreign key, or a relation only the platform's code follows. */
  kind: 'foreign-key' | 'logical';
  note?: string;
}

export interface ErdGroup {
  id: string;
  label: string;
}

export interface ErdModel {
  dialect: DialectName;
  groups: ErdGroup[];
  tables: ErdTable[];
  links: ErdLink[];
}

/** Tables voipdb and the platforms keep their version records in. */
const RECORD_TABLES = /^(voipdb_\w+|alembic_version(_\w+)?|version|schema_version|flyway_schema_history)$/;
const RECORDS_GROUP: ErdGroup = { id: 'version-records', label: 'version records' };
const OTHER_GROUP: ErdGroup = { id: 'other', label: 'not owned by a set' };

/** Short spellings for the diagram: "character varying(80)" reads as "varchar(80)". */
export function shortType(type: string): string {
  return type
    .replace(/character varying/g, 'varchar')
    .replace(/timestamp without time zone/g, 'timestamp')
    .replace(/timestamp with time zone/g, 'timestamptz')
    .replace(/time without time zone/g, 'time')
    .replace(/double precision/g, 'double');
}

function columnsOf(dialect: DialectName, t: Table): ErdColumn[] {
  const pk = new Set(t.primaryKey?.columns ?? t.columns.filter((c) => c.primaryKey).map((c) => c.name));
  const fk = new Set(t.foreignKeys.flatMap((f) => f.columns));
  const uq = new Set([
    ...t.uniques.filter((u) => u.columns.length === 1).map((u) => u.columns[0]!),
    ...t.columns.filter((c) => c.unique).map((c) => c.name),
  ]);
  return t.columns.map((c) => ({
    name: c.name,
    type: shortType(normalType(dialect, c)),
    nullable: c.nullable !== false && !pk.has(c.name),
    primaryKey: pk.has(c.name),
    foreignKey: fk.has(c.name),
    unique: uq.has(c.name),
  }));
}

/** Which set owns a table: the first whose model (applied, else head) has it. */
function ownerSets(states: SetState[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const st of states) {
    const model = expectedModelOf(st) ?? st.rendered.at(-1)?.modelAfter;
    for (const name of Object.keys(model?.tables ?? {})) if (!owner.has(name)) owner.set(name, st.set.name);
  }
  return owner;
}

async function packsOf(states: SetState[]): Promise<Map<string, Pack>> {
  const out = new Map<string, Pack>();
  for (const st of states) {
    const name = packOfSet(st.set.name);
    if (name && !out.has(name)) out.set(name, await loadPack(name));
  }
  return out;
}

function moduleOf(pack: Pack | undefined, table: string): string | undefined {
  for (const [m, tables] of Object.entries(pack?.modules ?? pack?.tableGroups ?? {}))
    if (tables.includes(table)) return m;
  return undefined;
}

/** A pack's set whose name says it owns a table the model cannot tell (SQL sets), by the pack's groups. */
function setByGroups(pack: Pack, states: SetState[], table: string): string | undefined {
  const mine = states.filter((st) => packOfSet(st.set.name) === pack.name);
  if (!Object.values(pack.tableGroups ?? {}).some((ts) => ts.includes(table)) && !moduleOf(pack, table))
    return undefined;
  return mine.length === 1
    ? mine[0]!.set.name
    : mine.find((st) => (pack.tableGroups?.[st.set.name.split('/').pop()!] ?? []).includes(table))?.set.name;
}

export interface ErdModelOptions {
  /** Only these tables (and nothing else). */
  tables?: string[];
  /** Only the tables these sets own. */
  onlyOwned?: boolean;
  /** Differences from `driftOfDatabase` to mark. */
  drift?: Difference[];
  /** The model the sets' applied migrations build (draws missing tables and columns). */
  expected?: Model;
}

export async function erdModel(
  conn: Connection,
  live: Model,
  states: SetState[],
  opts: ErdModelOptions = {},
): Promise<ErdModel> {
  const dialect = conn.dialect;
  const owner = ownerSets(states);
  const packs = await packsOf(states);
  const groups = new Map<string, ErdGroup>();
  const tables = new Map<string, ErdTable>();

  const groupOf = (name: string): string => {
    let set = owner.get(name);
    if (!set) for (const p of packs.values()) if ((set = setByGroups(p, states, name))) break;
    let g: ErdGroup;
    if (RECORD_TABLES.test(name)) g = RECORDS_GROUP;
    else if (!set) g = OTHER_GROUP;
    else {
      const mod = moduleOf(packs.get(packOfSet(set) ?? ''), name);
      g = { id: mod ? `${set}:${mod}` : set, label: mod ? `${set} · ${mod}` : set };
    }
    if (!groups.has(g.id)) groups.set(g.id, g);
    return g.id;
  };

  for (const t of Object.values(live.tables)) {
    tables.set(t.name, { name: t.name, group: groupOf(t.name), columns: columnsOf(dialect, t), driftNotes: [] });
  }
  markDrift(dialect, tables, opts.drift ?? [], opts.expected, groupOf);

  // Keep the chosen tables: named ones, or those the sets own (plus drifted ones).
  let keep = [...tables.values()];
  if (opts.tables?.length) keep = keep.filter((t) => opts.tables!.includes(t.name));
  else if (opts.onlyOwned) {
    const records = new Set(states.flatMap((st) => (st.set.versionRecords ?? []).map((vr) => vr.name)));
    keep = keep.filter(
      (t) =>
        owner.has(t.name) ||
        records.has(t.name) ||
        t.drift === 'missing' ||
        [...packs.values()].some((p) => setByGroups(p, states, t.name)),
    );
  }
  const kept = new Set(keep.map((t) => t.name));

  const links: ErdLink[] = [];
  for (const t of Object.values(live.tables)) {
    for (const fk of t.foreignKeys) {
      links.push({
        table: t.name,
        columns: fk.columns,
        refTable: fk.refTable,
        refColumns: fk.refColumns,
        kind: 'foreign-key',
        ...(fk.name ? { note: fk.name } : {}),
      });
    }
  }
  for (const p of packs.values())
    for (const r of p.relations ?? []) if (holds(live, r)) links.push({ ...r, kind: 'logical' });
  const shown = links.filter((l) => kept.has(l.table) && kept.has(l.refTable));
  const used = new Set(keep.map((t) => t.group));
  return {
    dialect,
    groups: [...groups.values()]
      .filter((g) => used.has(g.id))
      .sort((a, b) => groupRank(a) - groupRank(b) || a.label.localeCompare(b.label)),
    tables: keep.sort((a, b) => a.name.localeCompare(b.name)),
    links: shown,
  };
}

const groupRank = (g: ErdGroup) => (g === RECORDS_GROUP ? 2 : g === OTHER_GROUP ? 1 : 0);

/** A relation is drawn only where both ends exist with their columns. */
function holds(live: Model, r: LogicalRelation): boolean {
  const a = live.tables[r.table];
  const b = live.tables[r.refTable];
  return (
    !!a &&
    !!b &&
    r.columns.every((c) => a.columns.some((x) => x.name === c)) &&
    r.refColumns.every((c) => b.columns.some((x) => x.name === c))
  );
}

function markDrift(
  dialect: DialectName,
  tables: Map<string, ErdTable>,
  drift: Difference[],
  expected: Model | undefined,
  groupOf: (name: string) => string,
): void {
  const changed = (t: ErdTable) => {
    if (!t.drift) t.drift = 'changed';
  };
  for (const d of drift) {
    if (d.kind === 'missing-table') {
      const e = expected?.tables[d.object];
      const cols = e ? columnsOf(dialect, e).map((c) => ({ ...c, drift: 'missing' as const })) : [];
      tables.set(d.object, {
        name: d.object,
        group: groupOf(d.object),
        columns: cols,
        drift: 'missing',
        driftNotes: [d.message],
      });
      continue;
    }
    if (d.kind === 'extra-table') {
      const t = tables.get(d.object);
      if (t && !RECORD_TABLES.test(t.name)) {
        t.drift = 'extra';
        t.driftNotes.push(d.message);
      }
      continue;
    }
    const [tableName, column] = splitObject(d, tables);
    const t = tableName ? tables.get(tableName) : undefined;
    if (!t) continue;
    t.driftNotes.push(d.message);
    changed(t);
    if (!column) continue;
    if (d.kind === 'missing-column') {
      const ec = expected?.tables[t.name]?.columns.find((c) => c.name === column);
      const type = ec ? shortType(normalType(dialect, ec)) : '';
      t.columns.push({
        name: column,
        type,
        nullable: ec?.nullable !== false,
        primaryKey: false,
        foreignKey: false,
        unique: false,
        drift: 'missing',
        driftNote: d.message,
      });
    } else {
      const c = t.columns.find((x) => x.name === column);
      if (c) {
        c.drift = d.kind === 'extra-column' ? 'extra' : 'changed';
        c.driftNote = c.driftNote ? `${c.driftNote}; ${d.message}` : d.message;
      }
    }
  }
}

/** The table (and column) a difference is about; index names are looked up in the message. */
function splitObject(d: Difference, tables: Map<string, ErdTable>): [string | undefined, string | undefined] {
  if (['missing-column', 'extra-column', 'type', 'nullability', 'default'].includes(d.kind)) {
    const i = d.object.indexOf('.');
    return [d.object.slice(0, i), d.object.slice(i + 1)];
  }
  if (tables.has(d.object)) return [d.object, undefined];
  const head = d.object.split('.')[0]!;
  if (tables.has(head)) return [head, undefined];
  // index / constraint / trigger differences name the table in their message ("... on cdr ...")
  const named = [...tables.keys()]
    .filter((t) => new RegExp(`\\b${t}\\b`).test(d.message))
    .sort((a, b) => b.length - a.length);
  return [named[0], undefined];
}
