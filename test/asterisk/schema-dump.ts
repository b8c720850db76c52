// A database's schema as normalized JSON, read from the catalogs (pg_catalog / information_schema),
// so that the schema Asterisk's alembic creates and the one voipdb creates can be compared field by
// field: tables, columns (type, length, nullability, default, auto-increment), primary keys, unique
// constraints, indexes, foreign keys, checks, enum types and labels, and the version tables' rows.

import type { Connection } from '../../src/db/connection.js';

export interface DumpColumn {
  name: string;
  /** As the server spells it: `character varying(40)`, `varchar(40)`, `enum('yes','no')`, `yes_no_values`. */
  type: string;
  nullable: boolean;
  default: string | null;
  autoIncrement?: boolean;
}

export interface DumpIndex {
  name: string;
  columns: string[];
  unique: boolean;
  /** PostgreSQL: partial predicate / method when not btree. MySQL: prefix lengths. */
  extra?: string;
}

export interface DumpTable {
  columns: DumpColumn[];
  primaryKey: { name: string; columns: string[] } | null;
  uniques: { name: string; columns: string[] }[];
  indexes: DumpIndex[];
  foreignKeys: {
    name: string;
    columns: string[];
    refTable: string;
    refColumns: string[];
    onDelete: string;
    onUpdate: string;
  }[];
  checks: { name: string; expression: string }[];
}

export interface SchemaDump {
  dialect: 'postgres' | 'mysql';
  tables: Record<string, DumpTable>;
  /** PostgreSQL enum types with labels in order (MySQL spells enums inline in the column type). */
  enums: Record<string, string[]>;
  /** PostgreSQL sequences (serial columns own one). */
  sequences: string[];
  /** Rows of every alembic_version* table: table -> version_num values, sorted. */
  versions: Record<string, string[]>;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function dumpSchema(conn: Connection): Promise<SchemaDump> {
  const dump =
    conn.dialect === 'postgres' ? await dumpPostgres(conn) : conn.dialect === 'mysql' ? await dumpMysql(conn) : null;
  if (!dump) throw new Error(`schema dump: ${conn.dialect} is not supported`);
  for (const name of Object.keys(dump.tables).filter((n) => n.startsWith('alembic_version'))) {
    const rows = await conn.query<{ v: string }>(`SELECT version_num AS v FROM ${name}`);
    dump.versions[name] = rows.map((r) => String(r.v)).sort();
  }
  // Stable key order, so stored JSON diffs read well.
  const tables: Record<string, DumpTable> = {};
  for (const k of Object.keys(dump.tables).sort()) tables[k] = dump.tables[k]!;
  dump.tables = tables;
  return dump;
}

function emptyTable(): DumpTable {
  return { columns: [], primaryKey: null, uniques: [], indexes: [], foreignKeys: [], checks: [] };
}

async function dumpPostgres(conn: Connection): Promise<SchemaDump> {
  const tables: Record<string, DumpTable> = {};
  const cols = await conn.query<{
    table: string;
    name: string;
    type: string;
    notnull: boolean;
    def: string | null;
    identity: string;
  }>(
    `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, a.attnum`,
  );
  for (const r of cols) {
    const t = (tables[r.table] ??= emptyTable());
    const c: DumpColumn = { name: r.name, type: r.type, nullable: !r.notnull, default: r.def ?? null };
    if (r.identity) c.autoIncrement = true;
    if (r.def && /^nextval\(/.test(r.def)) c.autoIncrement = true;
    t.columns.push(c);
  }
  const cons = await conn.query<{
    table: string;
    name: string;
    type: string;
    cols: string[] | string;
    reftable: string | null;
    refcols: string[] | string | null;
    deltype: string;
    updtype: string;
    def: string;
  }>(
    `SELECT c.relname AS "table", k.conname AS name, k.contype AS type,
            ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS cols,
            f.relname AS reftable,
            ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS refcols,
            k.confdeltype AS deltype, k.confupdtype AS updtype, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class f ON f.oid = k.confrelid
      WHERE n.nspname = current_schema()`,
  );
  const actions: Record<string, string> = {
    a: 'NO ACTION',
    r: 'RESTRICT',
    c: 'CASCADE',
    n: 'SET NULL',
    d: 'SET DEFAULT',
  };
  for (const r of cons) {
    const t = (tables[r.table] ??= emptyTable());
    const columns = pgArray(r.cols);
    if (r.type === 'p') t.primaryKey = { name: r.name, columns };
    else if (r.type === 'u') t.uniques.push({ name: r.name, columns });
    else if (r.type === 'f')
      t.foreignKeys.push({
        name: r.name,
        columns,
        refTable: r.reftable ?? '',
        refColumns: pgArray(r.refcols),
        onDelete: actions[r.deltype] ?? r.deltype,
        onUpdate: actions[r.updtype] ?? r.updtype,
      });
    else if (r.type === 'c') t.checks.push({ name: r.name, expression: r.def });
  }
  const idx = await conn.query<{
    table: string;
    name: string;
    unique: boolean;
    cols: string[] | string;
    method: string;
    pred: string | null;
  }>(
    `SELECT t.relname AS "table", i.relname AS name, x.indisunique AS "unique",
            ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_subscripts(x.indkey, 1) k ORDER BY k)::text[] AS cols,
            am.amname AS method, pg_get_expr(x.indpred, x.indrelid) AS pred
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))`,
  );
  for (const r of idx) {
    const t = (tables[r.table] ??= emptyTable());
    const extra = [r.method !== 'btree' ? `USING ${r.method}` : '', r.pred ? `WHERE ${r.pred}` : '']
      .filter(Boolean)
      .join(' ');
    t.indexes.push({ name: r.name, columns: pgArray(r.cols), unique: r.unique, ...(extra ? { extra } : {}) });
  }
  for (const t of Object.values(tables)) sortTable(t);

  const enumRows = await conn.query<{ name: string; label: string }>(
    `SELECT t.typname AS name, e.enumlabel AS label FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder`,
  );
  const enums: Record<string, string[]> = {};
  for (const r of enumRows) (enums[r.name] ??= []).push(r.label);
  const seqs = await conn.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY 1`,
  );
  return { dialect: 'postgres', tables, enums, sequences: seqs.map((s) => s.name), versions: {} };
}

/** node-postgres returns text[] as an array; PGlite may too; accept the literal `{a,b}` as well. */
function pgArray(v: string[] | string | null): string[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((s) => s.replace(/^"|"$/g, ''));
}

async function dumpMysql(conn: Connection): Promise<SchemaDump> {
  const tables: Record<string, DumpTable> = {};
  const tableRows = await conn.query<{ name: string }>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`,
  );
  for (const r of tableRows) tables[r.name] = emptyTable();
  const cols = await conn.query<{
    table: string;
    name: string;
    type: string;
    nullable: string;
    def: string | null;
    extra: string;
  }>(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
            COLUMN_DEFAULT AS def, EXTRA AS extra
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  for (const r of cols) {
    const t = tables[r.table];
    if (!t) continue;
    // MariaDB reports "no default" on a nullable column as the string NULL (a literal 'NULL' is quoted).
    const def = r.def == null || r.def === 'NULL' ? null : r.def;
    const c: DumpColumn = { name: r.name, type: r.type, nullable: r.nullable === 'YES', default: def };
    if (/auto_increment/i.test(r.extra)) c.autoIncrement = true;
    t.columns.push(c);
  }
  const stats = await conn.query<{
    table: string;
    name: string;
    nonunique: number | string;
    col: string;
    sub: number | null;
    seq: number;
  }>(
    `SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS name, NON_UNIQUE AS nonunique, COLUMN_NAME AS col,
            SUB_PART AS sub, SEQ_IN_INDEX AS seq
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const indexes = new Map<string, { table: string; idx: DumpIndex; subs: string[] }>();
  for (const r of stats) {
    const key = `${r.table}.${r.name}`;
    let e = indexes.get(key);
    if (!e)
      indexes.set(
        key,
        (e = { table: r.table, idx: { name: r.name, columns: [], unique: Number(r.nonunique) === 0 }, subs: [] }),
      );
    e.idx.columns.push(r.col);
    if (r.sub != null) e.subs.push(`${r.col}(${r.sub})`);
  }
  for (const { table, idx, subs } of indexes.values()) {
    const t = tables[table];
    if (!t) continue;
    if (idx.name === 'PRIMARY') t.primaryKey = { name: 'PRIMARY', columns: idx.columns };
    else t.indexes.push(subs.length ? { ...idx, extra: subs.join(',') } : idx);
  }
  const fks = await conn.query<{
    table: string;
    name: string;
    col: string;
    reftable: string;
    refcol: string;
    del: string;
    upd: string;
  }>(
    `SELECT k.TABLE_NAME AS \`table\`, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS reftable,
            k.REFERENCED_COLUMN_NAME AS refcol, r.DELETE_RULE AS del, r.UPDATE_RULE AS upd
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
  const fkMap = new Map<string, DumpTable['foreignKeys'][number] & { table: string }>();
  for (const r of fks) {
    const key = `${r.table}.${r.name}`;
    let f = fkMap.get(key);
    if (!f)
      fkMap.set(
        key,
        (f = {
          table: r.table,
          name: r.name,
          columns: [],
          refTable: r.reftable,
          refColumns: [],
          onDelete: r.del,
          onUpdate: r.upd,
        }),
      );
    f.columns.push(r.col);
    f.refColumns.push(r.refcol);
  }
  for (const { table, ...f } of fkMap.values()) tables[table]?.foreignKeys.push(f);
  const checks = await conn.query<{ table: string; name: string; expr: string }>(
    `SELECT TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS expr
       FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
  );
  for (const r of checks) tables[r.table]?.checks.push({ name: r.name, expression: r.expr });
  for (const t of Object.values(tables)) sortTable(t);
  return { dialect: 'mysql', tables, enums: {}, sequences: [], versions: {} };
}

function sortTable(t: DumpTable): void {
  t.uniques.sort(byName);
  t.indexes.sort(byName);
  t.foreignKeys.sort(byName);
  t.checks.sort(byName);
}

/**
 * SQLite has no reference from alembic (Asterisk's scripts do not run there); what can be
 * compared with the other dialects is the shape: tables, and their columns' names, order and
 * nullability.
 */
export async function sqliteShape(conn: Connection): Promise<Record<string, { name: string; nullable: boolean }[]>> {
  const tables = await conn.query<{ name: string }>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  const out: Record<string, { name: string; nullable: boolean }[]> = {};
  for (const t of tables) {
    const cols = await conn.query<{ name: string; notnull: number; pk: number }>(`PRAGMA table_info("${t.name}")`);
    out[t.name] = cols.map((c) => ({ name: c.name, nullable: !Number(c.notnull) && !Number(c.pk) }));
  }
  return out;
}

/** The same shape from a stored dump. */
export function shapeOf(d: SchemaDump): Record<string, { name: string; nullable: boolean }[]> {
  return Object.fromEntries(
    Object.entries(d.tables).map(([n, t]) => [n, t.columns.map((c) => ({ name: c.name, nullable: c.nullable }))]),
  );
}

/** Every difference between two dumps, one readable line each (empty when equal). */
export function diffDumps(expected: SchemaDump, actual: SchemaDump): string[] {
  const out: string[] = [];
  const walk = (path: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) walk(`${path}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      return;
    }
    if (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.every((x) => x && typeof x === 'object' && 'name' in x) &&
      b.every((x) => x && typeof x === 'object' && 'name' in x)
    ) {
      const am = new Map(a.map((x) => [(x as { name: string }).name, x]));
      const bm = new Map(b.map((x) => [(x as { name: string }).name, x]));
      for (const k of new Set([...am.keys(), ...bm.keys()])) walk(`${path}[${k}]`, am.get(k), bm.get(k));
      const ao = a.map((x) => (x as { name: string }).name).join(',');
      const bo = b.map((x) => (x as { name: string }).name).join(',');
      if (ao !== bo && am.size === bm.size && [...am.keys()].every((k) => bm.has(k)))
        out.push(`${path}: order expected ${ao} got ${bo}`);
      return;
    }
    out.push(`${path}: expected ${JSON.stringify(a)} got ${JSON.stringify(b)}`);
  };
  walk('schema', expected, actual);
  return out;
}
