// What the operations need to know about a live database: its tables, their columns, foreign
// keys and sequences, and row counts. One small object per dialect; operations never ask
// "is this MySQL?", they ask the catalog.

import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { dialectOf } from '../dialect/index.js';

export interface ColumnInfo {
  name: string;
  /** The type as the server spells it (compared between two databases, never parsed). */
  type: string;
}

export interface ForeignKeyInfo {
  table: string;
  refTable: string;
}

export interface SequenceInfo {
  name: string;
  /** The table owning the sequence (SERIAL / AUTO_INCREMENT / AUTOINCREMENT), if any. */
  table?: string;
}

export interface Catalog {
  /** Base tables of the current schema / database, sorted. */
  tables(conn: Connection): Promise<string[]>;
  columns(conn: Connection, table: string): Promise<ColumnInfo[]>;
  foreignKeys(conn: Connection): Promise<ForeignKeyInfo[]>;
  primaryKey(conn: Connection, table: string): Promise<string[]>;
  sequences(conn: Connection): Promise<SequenceInfo[]>;
  /** Sequences are objects of their own (a copy must have each), not a table's counter. */
  standaloneSequences: boolean;
  /** A cheap row estimate (statistics); exact counts come from count(*). */
  rowEstimate(conn: Connection, table: string): Promise<number>;
}

const postgres: Catalog = {
  standaloneSequences: true,
  async tables(conn) {
    const rows = await conn.query<{ t: string }>(
      `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    );
    return rows.map((r) => r.t);
  },
  async columns(conn, table) {
    return conn.query<ColumnInfo>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY a.attnum`,
      [table],
    );
  },
  async foreignKeys(conn) {
    return conn.query<ForeignKeyInfo>(
      `SELECT c.relname AS "table", r.relname AS "refTable"
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = current_schema()`,
    );
  },
  async primaryKey(conn, table) {
    const rows = await conn.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
        WHERE i.indisprimary AND n.nspname = current_schema() AND c.relname = ? ORDER BY array_position(i.indkey, a.attnum)`,
      [table],
    );
    return rows.map((r) => r.name);
  },
  async sequences(conn) {
    const rows = await conn.query<{ name: string; owner: string | null }>(
      `SELECT s.relname AS name, t.relname AS owner
         FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
         LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         LEFT JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass
        WHERE s.relkind = 'S' AND n.nspname = current_schema() ORDER BY 1`,
    );
    return rows.map((r) => ({ name: r.name, table: r.owner ?? undefined }));
  },
  async rowEstimate(conn, table) {
    const [r] = await conn.query<{ n: number | string }>(
      `SELECT GREATEST(c.reltuples, 0)::bigint AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = ?`,
      [table],
    );
    return Number(r?.n ?? 0);
  },
};

const mysql: Catalog = {
  standaloneSequences: false,
  async tables(conn) {
    const rows = await conn.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    return rows.map((r) => r.t);
  },
  async columns(conn, table) {
    return conn.query<ColumnInfo>(
      `SELECT column_name AS name, column_type AS type FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = ? AND extra NOT LIKE '%GENERATED%' ORDER BY ordinal_position`,
      [table],
    );
  },
  async foreignKeys(conn) {
    return conn.query<ForeignKeyInfo>(
      `SELECT table_name AS \`table\`, referenced_table_name AS refTable FROM information_schema.referential_constraints
        WHERE constraint_schema = DATABASE()`,
    );
  },
  async primaryKey(conn, table) {
    const rows = await conn.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.key_column_usage
        WHERE table_schema = DATABASE() AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position`,
      [table],
    );
    return rows.map((r) => r.name);
  },
  // MySQL has no sequences: each AUTO_INCREMENT table is its own counter, named after the table.
  async sequences(conn) {
    const rows = await conn.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND auto_increment IS NOT NULL ORDER BY 1`,
    );
    return rows.map((r) => ({ name: r.t, table: r.t }));
  },
  async rowEstimate(conn, table) {
    const [r] = await conn.query<{ n: number | null }>(
      `SELECT table_rows AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`,
      [table],
    );
    return Number(r?.n ?? 0);
  },
};

const sqlite: Catalog = {
  standaloneSequences: false,
  async tables(conn) {
    const rows = await conn.query<{ t: string }>(
      `SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1`,
    );
    return rows.map((r) => r.t);
  },
  async columns(conn, table) {
    const rows = await conn.query<{ name: string; type: string; hidden: number }>(
      `SELECT name, type, hidden FROM pragma_table_xinfo(?)`,
      [table],
    );
    return rows.filter((r) => !r.hidden).map((r) => ({ name: r.name, type: r.type }));
  },
  async foreignKeys(conn) {
    const out: ForeignKeyInfo[] = [];
    for (const t of await sqlite.tables(conn)) {
      const rows = await conn.query<{ table: string }>(`SELECT "table" FROM pragma_foreign_key_list(?)`, [t]);
      for (const r of rows) out.push({ table: t, refTable: r.table });
    }
    return out;
  },
  async primaryKey(conn, table) {
    const rows = await conn.query<{ name: string; pk: number }>(
      `SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`,
      [table],
    );
    return rows.map((r) => r.name);
  },
  async sequences(conn) {
    if (!(await dialectOf('sqlite').tableExists(conn, 'sqlite_sequence'))) return [];
    const rows = await conn.query<{ name: string }>(`SELECT name FROM sqlite_sequence ORDER BY 1`);
    return rows.map((r) => ({ name: r.name, table: r.name }));
  },
  async rowEstimate(conn, table) {
    const [r] = await conn.query<{ n: number }>(`SELECT count(*) AS n FROM ${quote('sqlite', table)}`);
    return Number(r?.n ?? 0);
  },
};

const catalogs: Record<DialectName, Catalog> = { postgres, mysql, sqlite };

export function catalogOf(conn: Connection): Catalog {
  return catalogs[conn.dialect];
}

export function quote(dialect: DialectName, identifier: string): string {
  return dialectOf(dialect).quote(identifier);
}

export async function countRows(conn: Connection, table: string): Promise<number> {
  const [r] = await conn.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${quote(conn.dialect, table)}`);
  return Number(r?.n ?? 0);
}

/** Row counts of several tables, by name. */
export async function countAll(conn: Connection, tables: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of tables) out.set(t, await countRows(conn, t));
  return out;
}

/** Tables ordered so that a table comes after the tables it references (cycles keep their order). */
export function parentsFirst(tables: string[], fks: ForeignKeyInfo[]): string[] {
  const inSet = new Set(tables);
  const deps = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const fk of fks)
    if (inSet.has(fk.table) && inSet.has(fk.refTable) && fk.table !== fk.refTable) deps.get(fk.table)!.add(fk.refTable);
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string) => {
    if (state.get(t)) return;
    state.set(t, 'visiting');
    for (const d of deps.get(t)!) visit(d);
    state.set(t, 'done');
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}
