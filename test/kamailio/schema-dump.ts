// A database's schema as JSON, read from the server's own catalog, for comparing what voipdb
// creates with what Kamailio's (or SER's) own scripts create: every column (type as the server
// reports it, nullability, default), every index and constraint, the `version` rows and, on
// PostgreSQL, the functions. voipdb's own tables (voipdb_*) are left out.

import type { Connection } from '../../src/db/connection.js';

export interface ColumnDump {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  /** MySQL EXTRA (auto_increment, on update ...); PostgreSQL identity; '' otherwise. */
  extra: string;
}

export interface IndexDump {
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  /** PostgreSQL: 'u'/'p' when the index belongs to a constraint; SQLite: index_list origin. */
  origin: string;
}

export interface TableDump {
  columns: ColumnDump[];
  indexes: IndexDump[];
  /** SQLite: named UNIQUE constraints as written in the table's definition. */
  constraints?: { name: string; columns: string[] }[];
}

export interface SchemaDump {
  tables: Record<string, TableDump>;
  /** table_name -> table_version; a duplicated row shows as an array. */
  versionRows: Record<string, number | number[]>;
  functions?: string[];
}

const own = (t: string) => t.startsWith('voipdb_');
const sortByName = <T extends { name: string }>(xs: T[]) =>
  xs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

async function pgDump(conn: Connection): Promise<Omit<SchemaDump, 'versionRows'>> {
  const cols = await conn.query<{
    tbl: string;
    name: string;
    type: string;
    notnull: boolean;
    def: string | null;
    identity: string;
  }>(
    `SELECT c.relname AS tbl, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity::text AS identity
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
  );
  const idx = await conn.query<{
    tbl: string;
    name: string;
    cols: string;
    isunique: boolean;
    isprimary: boolean;
    contype: string | null;
  }>(
    `SELECT t.relname AS tbl, i.relname AS name, ix.indisunique AS isunique, ix.indisprimary AS isprimary, con.contype::text AS contype,
            (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.conrelid = t.oid
      WHERE n.nspname = 'public'`,
  );
  const fns = await conn.query<{ sig: string }>(
    `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || pg_get_function_result(p.oid) AS sig
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`,
  );
  const tables: Record<string, TableDump> = {};
  for (const c of cols) {
    if (own(c.tbl)) continue;
    (tables[c.tbl] ??= { columns: [], indexes: [] }).columns.push({
      name: c.name,
      type: c.type,
      nullable: !c.notnull,
      default: c.def,
      extra: c.identity ?? '',
    });
  }
  for (const i of idx) {
    if (!tables[i.tbl]) continue;
    tables[i.tbl]!.indexes.push({
      name: i.name,
      columns: i.cols.split(','),
      unique: !!i.isunique,
      primary: !!i.isprimary,
      origin: i.contype ?? '',
    });
  }
  for (const t of Object.values(tables)) sortByName(t.indexes);
  return { tables, functions: fns.map((f) => f.sig) };
}

async function myDump(conn: Connection): Promise<Omit<SchemaDump, 'versionRows'>> {
  const cols = await conn.query<{
    tbl: string;
    name: string;
    type: string;
    nullable: string;
    def: string | null;
    extra: string;
  }>(
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def, EXTRA AS extra
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const idx = await conn.query<{ tbl: string; name: string; col: string; nonunique: number; sub: number | null }>(
    `SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, COLUMN_NAME AS col, NON_UNIQUE AS nonunique, SUB_PART AS sub
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const tables: Record<string, TableDump> = {};
  for (const c of cols) {
    if (own(c.tbl)) continue;
    (tables[c.tbl] ??= { columns: [], indexes: [] }).columns.push({
      name: c.name,
      type: c.type,
      nullable: c.nullable === 'YES',
      default: c.def,
      extra: c.extra,
    });
  }
  for (const i of idx) {
    const t = tables[i.tbl];
    if (!t) continue;
    let ix = t.indexes.find((x) => x.name === i.name);
    if (!ix)
      t.indexes.push(
        (ix = {
          name: i.name,
          columns: [],
          unique: Number(i.nonunique) === 0,
          primary: i.name === 'PRIMARY',
          origin: '',
        }),
      );
    ix.columns.push(i.sub ? `${i.col}(${i.sub})` : i.col);
  }
  for (const t of Object.values(tables)) sortByName(t.indexes);
  return { tables };
}

async function sqliteDump(conn: Connection): Promise<Omit<SchemaDump, 'versionRows'>> {
  const names = await conn.query<{ name: string; sql: string }>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  const tables: Record<string, TableDump> = {};
  for (const { name, sql } of names) {
    if (own(name)) continue;
    const info = await conn.query<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }>(`PRAGMA table_info("${name}")`);
    const list = await conn.query<{ name: string; unique: number; origin: string }>(`PRAGMA index_list("${name}")`);
    const indexes: IndexDump[] = [];
    for (const ix of list) {
      const cols = await conn.query<{ name: string }>(`PRAGMA index_info("${ix.name}")`);
      indexes.push({
        name: ix.name,
        columns: cols.map((c) => c.name),
        unique: !!ix.unique,
        primary: ix.origin === 'pk',
        origin: ix.origin,
      });
    }
    // INTEGER PRIMARY KEY is the rowid: no index; say so as a primary "index".
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    if (pk.length && !indexes.some((i) => i.primary))
      indexes.push({ name: '(rowid)', columns: pk.map((c) => c.name), unique: true, primary: true, origin: 'pk' });
    const constraints = [...sql.matchAll(/CONSTRAINT\s+["`]?(\w+)["`]?\s+UNIQUE\s*\(([^)]*)\)/gi)].map((m) => ({
      name: m[1]!,
      columns: m[2]!.split(',').map((c) => c.trim().replace(/^["`]|["`]$/g, '')),
    }));
    tables[name] = {
      columns: info.map((c) => ({
        name: c.name,
        type: c.type,
        nullable: !c.notnull && !(c.pk && /^integer$/i.test(c.type)),
        default: c.dflt_value,
        extra: /\bAUTOINCREMENT\b/i.test(sql) && c.pk ? 'autoincrement' : '',
      })),
      indexes: sortByName(indexes),
      constraints: sortByName(constraints),
    };
  }
  return { tables };
}

export async function readVersionRowsDump(conn: Connection): Promise<Record<string, number | number[]>> {
  const out: Record<string, number | number[]> = {};
  let rows: { table_name: string; table_version: unknown }[];
  try {
    rows = await conn.query('SELECT table_name, table_version FROM version ORDER BY table_name');
  } catch {
    return out;
  }
  for (const r of rows) {
    const v = Number(r.table_version);
    const had = out[r.table_name];
    out[r.table_name] = had === undefined ? v : ([] as number[]).concat(had, v);
  }
  return out;
}

export async function dumpSchema(conn: Connection): Promise<SchemaDump> {
  const base =
    conn.dialect === 'postgres'
      ? await pgDump(conn)
      : conn.dialect === 'mysql'
        ? await myDump(conn)
        : await sqliteDump(conn);
  return { ...base, versionRows: await readVersionRowsDump(conn) };
}
