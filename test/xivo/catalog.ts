// A XiVO database as JSON, read from PostgreSQL's catalogs (PGlite's too), to compare what voipdb
// builds with what XiVO 14.08's own tools built (test/fixtures/xivo/reference-*.json): tables and
// columns, constraints and indexes as the server spells them, sequences with their state, enum and
// composite types, functions, triggers, and every row. voipdb's own tables are left out, and so is
// the one value pg-populate-db takes from the clock (user.dcreate, EXTRACT(EPOCH from now())).

import type { Connection } from '../../src/db/connection.js';

export interface XivoCatalog {
  tables: Record<
    string,
    { columns: Record<string, string>; constraints: Record<string, string>; indexes: Record<string, string> }
  >;
  sequences: Record<string, string>;
  enums: Record<string, string[]>;
  composites: Record<string, string[]>;
  functions: Record<string, string>;
  triggers: Record<string, string>;
  /** Each table's rows as JSON objects with sorted keys, sorted. */
  rows: Record<string, string[]>;
}

const CLOCK: Record<string, string> = { user: 'dcreate' };
const ours = (t: string) => t.startsWith('voipdb_');

async function q<T>(conn: Connection, sql: string): Promise<T[]> {
  return conn.query<T & Record<string, unknown>>(sql) as Promise<T[]>;
}

const sortKeys = (o: Record<string, unknown>) =>
  JSON.stringify(
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    ),
  );
const sorted = <T>(o: Record<string, T>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function readCatalog(conn: Connection): Promise<XivoCatalog> {
  const cat: XivoCatalog = {
    tables: {},
    sequences: {},
    enums: {},
    composites: {},
    functions: {},
    triggers: {},
    rows: {},
  };
  const tables = (
    await q<{ t: string }>(
      conn,
      "SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1",
    )
  )
    .map((r) => r.t)
    .filter((t) => !ours(t));
  for (const t of tables) cat.tables[t] = { columns: {}, constraints: {}, indexes: {} };
  const cols = await q<{ t: string; c: string; type: string; notnull: boolean; def: string | null }>(
    conn,
    `SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  for (const r of cols)
    if (cat.tables[r.t])
      cat.tables[r.t]!.columns[r.c] =
        `${r.type}${r.notnull ? ' NOT NULL' : ''}${r.def !== null ? ` DEFAULT ${r.def}` : ''}`;
  const cons = await q<{ t: string; name: string; def: string }>(
    conn,
    `SELECT c.relname AS t, k.conname AS name, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND k.contype <> 'n'`, // PostgreSQL 18 lists NOT NULL here too (the columns say it)
  );
  for (const r of cons) if (cat.tables[r.t]) cat.tables[r.t]!.constraints[r.name] = r.def;
  const idx = await q<{ t: string; name: string; def: string }>(
    conn,
    `SELECT c.relname AS t, i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
       FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))`,
  );
  for (const r of idx) if (cat.tables[r.t]) cat.tables[r.t]!.indexes[r.name] = r.def;

  const seqs = await q<{
    name: string;
    type: string;
    start: string;
    inc: string;
    min: string;
    max: string;
    cycle: boolean;
    owner: string | null;
  }>(
    conn,
    `SELECT c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start, s.seqincrement::text AS inc,
            s.seqmin::text AS min, s.seqmax::text AS max, s.seqcycle AS cycle,
            (SELECT t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
               JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
              WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) AS owner
       FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' ORDER BY 1`,
  );
  for (const s of seqs) {
    if (ours(s.name)) continue;
    const [st] = await q<{ last: string; called: boolean }>(
      conn,
      `SELECT last_value::text AS last, is_called AS called FROM ${ident(s.name)}`,
    );
    cat.sequences[s.name] =
      `${s.type} start ${s.start} increment ${s.inc} min ${s.min} max ${s.max}${s.cycle ? ' cycle' : ''} owned by ${s.owner ?? '-'}; last_value ${st!.last} is_called ${st!.called}`;
  }

  const enums = await q<{ name: string; label: string }>(
    conn,
    `SELECT t.typname AS name, e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
       JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`,
  );
  for (const e of enums) (cat.enums[e.name] ??= []).push(e.label);
  const comps = await q<{ name: string; att: string }>(
    conn,
    `SELECT t.typname AS name, a.attname || ' ' || format_type(a.atttypid, a.atttypmod) AS att
       FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c' JOIN pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 WHERE n.nspname = 'public' ORDER BY t.typname, a.attnum`,
  );
  for (const c of comps) (cat.composites[c.name] ??= []).push(c.att);
  const funcs = await q<{ name: string; def: string }>(
    conn,
    `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name, pg_get_functiondef(p.oid) AS def
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`,
  );
  for (const f of funcs) cat.functions[f.name] = f.def;
  const trigs = await q<{ name: string; def: string }>(
    conn,
    `SELECT c.relname || '.' || g.tgname AS name, pg_get_triggerdef(g.oid) AS def FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT g.tgisinternal ORDER BY 1`,
  );
  for (const g of trigs) cat.triggers[g.name] = g.def;

  for (const t of Object.values(cat.tables))
    for (const k of ['columns', 'constraints', 'indexes'] as const) t[k] = sorted(t[k]);
  for (const t of tables) {
    const rows = await q<{ j: string }>(conn, `SELECT row_to_json(x)::text AS j FROM ${ident(t)} x`);
    if (!rows.length) continue;
    cat.rows[t] = rows
      .map((r) => {
        const o = JSON.parse(typeof r.j === 'string' ? r.j : JSON.stringify(r.j)) as Record<string, unknown>;
        if (CLOCK[t] && CLOCK[t]! in o) o[CLOCK[t]!] = '(clock)';
        return sortKeys(o);
      })
      .sort();
  }
  return cat;
}

/** Every difference between two catalogs, one line each (empty when equal). */
export function diffCatalogs(want: XivoCatalog, got: XivoCatalog): string[] {
  const out: string[] = [];
  const cmp = (where: string, a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = JSON.stringify(a[k]);
      const y = JSON.stringify(b[k]);
      if (x !== y)
        out.push(`${where} ${k}: ${a[k] === undefined ? 'extra' : b[k] === undefined ? 'missing' : `${x} != ${y}`}`);
    }
  };
  for (const t of new Set([...Object.keys(want.tables), ...Object.keys(got.tables)])) {
    const a = want.tables[t];
    const b = got.tables[t];
    if (!a || !b) {
      out.push(`table ${t}: ${a ? 'missing' : 'extra'}`);
      continue;
    }
    cmp(`column ${t}.`, a.columns, b.columns);
    cmp(`constraint ${t}.`, a.constraints, b.constraints);
    cmp(`index ${t}.`, a.indexes, b.indexes);
  }
  cmp('sequence', want.sequences, got.sequences);
  cmp('enum', want.enums, got.enums);
  cmp('composite type', want.composites, got.composites);
  cmp('function', want.functions, got.functions);
  cmp('trigger', want.triggers, got.triggers);
  for (const t of new Set([...Object.keys(want.rows), ...Object.keys(got.rows)])) {
    const a = new Set(want.rows[t] ?? []);
    const b = new Set(got.rows[t] ?? []);
    for (const r of a) if (!b.has(r)) out.push(`row ${t}: missing ${r}`);
    for (const r of b) if (!a.has(r)) out.push(`row ${t}: extra ${r}`);
  }
  return out;
}

/** Counts the issue states the 14.08 schema by. */
export function catalogCounts(c: XivoCatalog): Record<string, number> {
  const tables = Object.values(c.tables);
  const cons = tables.flatMap((t) => Object.values(t.constraints));
  return {
    tables: tables.length,
    columns: tables.reduce((n, t) => n + Object.keys(t.columns).length, 0),
    primaryKeys: cons.filter((d) => d.startsWith('PRIMARY KEY')).length,
    uniques: cons.filter((d) => d.startsWith('UNIQUE')).length,
    indexes: tables.reduce((n, t) => n + Object.keys(t.indexes).length, 0),
    foreignKeys: cons.filter((d) => d.startsWith('FOREIGN KEY')).length,
    checks: cons.filter((d) => d.startsWith('CHECK')).length,
    enums: Object.keys(c.enums).length,
    composites: Object.keys(c.composites).length,
    sequences: Object.keys(c.sequences).length,
    functions: Object.keys(c.functions).length,
    triggers: Object.keys(c.triggers).length,
    rows: Object.values(c.rows).reduce((n, r) => n + r.length, 0),
    tablesWithRows: Object.keys(c.rows).length,
  };
}
