// A database's schema read back from its catalogs, normalised for comparison: tables (columns in
// order with type, nullability and default), indexes (name, columns in order, unique), unique,
// foreign-key and check constraints, views (column names in order) and triggers — on PostgreSQL
// (and PGlite), MySQL/MariaDB and SQLite.

import type { Connection } from '../../src/db/connection.js';

export interface DumpColumn {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}
export interface DumpIndex {
  name: string;
  table: string;
  columns: string[];
  unique: boolean;
}
export interface DumpTable {
  columns: DumpColumn[];
  primaryKey: string[];
  uniques: string[][];
  foreignKeys: { columns: string[]; refTable: string; refColumns: string[]; onDelete: string }[];
  checks: string[];
}
export interface Dump {
  tables: Record<string, DumpTable>;
  indexes: Record<string, DumpIndex>;
  views: Record<string, string[]>;
  triggers: string[];
}

const IGNORED = /^(voipdb_|sqlite_)/;

function sorted<T>(list: T[]): T[] {
  return [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
function arr(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return String(v ?? '')
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((s) => s.replace(/^"|"$/g, ''));
}
function empty(): DumpTable {
  return { columns: [], primaryKey: [], uniques: [], foreignKeys: [], checks: [] };
}

export async function dump(conn: Connection): Promise<Dump> {
  const d =
    conn.dialect === 'postgres'
      ? await dumpPg(conn)
      : conn.dialect === 'mysql'
        ? await dumpMysql(conn)
        : await dumpSqlite(conn);
  for (const t of Object.values(d.tables)) {
    t.uniques = sorted(t.uniques);
    t.foreignKeys = sorted(t.foreignKeys);
    t.checks = t.checks.sort();
  }
  d.triggers.sort();
  return d;
}

async function dumpPg(conn: Connection): Promise<Dump> {
  const out: Dump = { tables: {}, indexes: {}, views: {}, triggers: [] };
  const cols = await conn.query<Record<string, unknown>>(
    `SELECT c.relname AS tbl, c.relkind AS kind, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v')
      ORDER BY c.relname, a.attnum`,
  );
  for (const r of cols) {
    const tbl = String(r.tbl);
    if (IGNORED.test(tbl)) continue;
    if (r.kind === 'v') (out.views[tbl] ??= []).push(String(r.name));
    else
      (out.tables[tbl] ??= empty()).columns.push({
        name: String(r.name),
        type: String(r.type),
        nullable: r.notnull !== true,
        default: (r.def as string | null) ?? null,
      });
  }
  const cons = await conn.query<Record<string, unknown>>(
    `SELECT c.relname AS tbl, k.contype AS type, pg_get_constraintdef(k.oid) AS def, f.relname AS reftable, k.confdeltype AS del,
            ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS cols,
            ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS refcols
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
    const t = out.tables[String(r.tbl)];
    if (!t) continue;
    if (r.type === 'p') t.primaryKey = arr(r.cols);
    else if (r.type === 'u') t.uniques.push(arr(r.cols));
    else if (r.type === 'f')
      t.foreignKeys.push({
        columns: arr(r.cols),
        refTable: String(r.reftable),
        refColumns: arr(r.refcols),
        onDelete: actions[String(r.del)] ?? String(r.del),
      });
    else if (r.type === 'c') t.checks.push(String(r.def));
  }
  const idx = await conn.query<Record<string, unknown>>(
    `SELECT t.relname AS tbl, i.relname AS name, x.indisunique AS uniq,
            ARRAY(SELECT pg_get_indexdef(x.indexrelid, k + 1, true) FROM generate_subscripts(x.indkey, 1) k ORDER BY k)::text[] AS cols
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u'))`,
  );
  for (const r of idx) {
    if (IGNORED.test(String(r.tbl))) continue;
    out.indexes[String(r.name)] = {
      name: String(r.name),
      table: String(r.tbl),
      columns: arr(r.cols),
      unique: r.uniq === true,
    };
  }
  const trg = await conn.query<{ name: string; tbl: string }>(
    `SELECT t.tgname AS name, c.relname AS tbl FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND NOT t.tgisinternal`,
  );
  out.triggers = trg.map((t) => `${t.tbl}.${t.name}`);
  return out;
}

async function dumpMysql(conn: Connection): Promise<Dump> {
  const out: Dump = { tables: {}, indexes: {}, views: {}, triggers: [] };
  const cols = await conn.query<Record<string, unknown>>(
    `SELECT c.TABLE_NAME AS tbl, t.TABLE_TYPE AS kind, c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable, c.COLUMN_DEFAULT AS def
       FROM information_schema.COLUMNS c JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
      WHERE c.TABLE_SCHEMA = DATABASE() ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
  );
  for (const r of cols) {
    const tbl = String(r.tbl);
    if (IGNORED.test(tbl)) continue;
    if (r.kind === 'VIEW') (out.views[tbl] ??= []).push(String(r.name));
    else {
      // MariaDB reports "no default" on a nullable column as the string NULL.
      const def = r.def === null || r.def === 'NULL' ? null : String(r.def);
      (out.tables[tbl] ??= empty()).columns.push({
        name: String(r.name),
        type: String(r.type),
        nullable: r.nullable === 'YES',
        default: def,
      });
    }
  }
  const stats = await conn.query<Record<string, unknown>>(
    `SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, NON_UNIQUE AS nonuniq, COLUMN_NAME AS col
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const fkNames = new Set(
    (
      await conn.query<{ name: string; tbl: string }>(
        "SELECT CONSTRAINT_NAME AS name, TABLE_NAME AS tbl FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE IN ('UNIQUE', 'FOREIGN KEY')",
      )
    ).map((r) => `${r.tbl}.${r.name}`),
  );
  const groups = new Map<string, DumpIndex>();
  for (const r of stats) {
    const key = `${r.tbl}.${r.name}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { name: String(r.name), table: String(r.tbl), columns: [], unique: Number(r.nonuniq) === 0 }),
      );
    g.columns.push(String(r.col));
  }
  for (const [key, g] of groups) {
    const t = out.tables[g.table];
    if (!t) continue;
    if (g.name === 'PRIMARY') t.primaryKey = g.columns;
    else if (g.unique && fkNames.has(key)) t.uniques.push(g.columns);
    else if (!fkNames.has(key)) out.indexes[g.name] = g;
    // an index MySQL made for a foreign key carries the constraint's name: the FK stands for it
  }
  const fks = await conn.query<Record<string, unknown>>(
    `SELECT k.TABLE_NAME AS tbl, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS reftable, k.REFERENCED_COLUMN_NAME AS refcol, r.DELETE_RULE AS del
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
  const fkMap = new Map<string, { tbl: string; fk: DumpTable['foreignKeys'][number] }>();
  for (const r of fks) {
    const key = `${r.tbl}.${r.name}`;
    let e = fkMap.get(key);
    if (!e)
      fkMap.set(
        key,
        (e = {
          tbl: String(r.tbl),
          fk: { columns: [], refTable: String(r.reftable), refColumns: [], onDelete: String(r.del) },
        }),
      );
    e.fk.columns.push(String(r.col));
    e.fk.refColumns.push(String(r.refcol));
  }
  for (const { tbl, fk } of fkMap.values()) out.tables[tbl]?.foreignKeys.push(fk);
  const checks = await conn.query<Record<string, unknown>>(
    'SELECT TABLE_NAME AS tbl, CHECK_CLAUSE AS expr FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()',
  );
  for (const r of checks) out.tables[String(r.tbl)]?.checks.push(String(r.expr));
  const trg = await conn.query<{ name: string; tbl: string }>(
    'SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()',
  );
  out.triggers = trg.map((t) => `${t.tbl}.${t.name}`);
  return out;
}

async function dumpSqlite(conn: Connection): Promise<Dump> {
  const out: Dump = { tables: {}, indexes: {}, views: {}, triggers: [] };
  const objects = await conn.query<{ type: string; name: string; tbl_name: string; sql: string | null }>(
    'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name',
  );
  for (const o of objects) {
    if (IGNORED.test(o.tbl_name)) continue;
    const q = '"' + o.name.replace(/"/g, '""') + '"';
    if (o.type === 'view') {
      out.views[o.name] = (await conn.query<{ name: string }>(`PRAGMA table_info(${q})`)).map((c) => c.name);
    } else if (o.type === 'trigger') {
      out.triggers.push(`${o.tbl_name}.${o.name}`);
    } else if (o.type === 'table') {
      const t = empty();
      const info = await conn.query<{
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }>(`PRAGMA table_info(${q})`);
      t.columns = info.map((c) => ({ name: c.name, type: c.type, nullable: c.notnull === 0, default: c.dflt_value }));
      t.primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      for (const il of await conn.query<{ name: string; unique: number; origin: string }>(`PRAGMA index_list(${q})`)) {
        const columns = (await conn.query<{ name: string }>(`PRAGMA index_info("${il.name.replace(/"/g, '""')}")`)).map(
          (c) => c.name,
        );
        if (il.origin === 'u') t.uniques.push(columns);
        else if (il.origin === 'c')
          out.indexes[il.name] = { name: il.name, table: o.name, columns, unique: il.unique === 1 };
      }
      const fks = await conn.query<{ id: number; table: string; from: string; to: string; on_delete: string }>(
        `PRAGMA foreign_key_list(${q})`,
      );
      const byId = new Map<number, DumpTable['foreignKeys'][number]>();
      for (const f of fks) {
        let e = byId.get(f.id);
        if (!e) byId.set(f.id, (e = { columns: [], refTable: f.table, refColumns: [], onDelete: f.on_delete }));
        e.columns.push(f.from);
        e.refColumns.push(f.to);
      }
      t.foreignKeys = [...byId.values()];
      // CHECKs live only in the CREATE TABLE text.
      t.checks = [...(o.sql ?? '').matchAll(/CHECK\s*\(((?:[^()]|\([^()]*\))*)\)/gi)].map((m) => m[1]!.trim());
      out.tables[o.name] = t;
    }
  }
  return out;
}
