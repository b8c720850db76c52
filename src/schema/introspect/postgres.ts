// PostgreSQL and PGlite, from pg_catalog (the current schema only).

import type { Connection } from '../../db/connection.js';
import { emptyModel, type Column, type ColumnType, type Model, type ReferentialAction } from '../types.js';
import { defaultFromSql, sortModel, unquote, wanted, type IntrospectOptions } from './common.js';

/** A type as format_type() or a migration writes it, back to a portable kind where unambiguous. */
export function parsePgType(sql: string): ColumnType {
  const s = sql.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = /^([a-z ]+?)\s*(?:\((\d+)(?:,\s*(\d+))?\))?( with(?:out)? time zone)?$/.exec(s);
  if (m) {
    const [, base, a, b, tz] = m;
    const n = a === undefined ? undefined : Number(a);
    switch (base) {
      case 'integer':
      case 'int':
      case 'int4':
      case 'serial':
        return { kind: 'integer' };
      case 'smallint':
      case 'int2':
      case 'smallserial':
        return { kind: 'smallint' };
      case 'bigint':
      case 'int8':
      case 'bigserial':
        return { kind: 'bigint' };
      case 'boolean':
      case 'bool':
        return { kind: 'boolean' };
      case 'character varying':
      case 'varchar':
        return n === undefined ? { kind: 'string' } : { kind: 'string', length: n };
      case 'character':
      case 'char':
      case 'bpchar':
        return { kind: 'char', length: n ?? 1 };
      case 'text':
        return { kind: 'text' };
      case 'real':
      case 'float4':
        return { kind: 'real' };
      case 'double precision':
      case 'float8':
        return { kind: 'double' };
      case 'float':
        return n !== undefined && n <= 24 ? { kind: 'real' } : { kind: 'double' };
      case 'numeric':
      case 'decimal':
        return n === undefined
          ? { kind: 'numeric' }
          : { kind: 'numeric', precision: n, scale: b === undefined ? 0 : Number(b) };
      case 'date':
        return { kind: 'date' };
      case 'time':
        if (tz !== ' with time zone') return { kind: 'time' };
        break;
      case 'timestamp':
        return tz === ' with time zone' ? { kind: 'timestamp', withTimeZone: true } : { kind: 'timestamp' };
      case 'timestamptz':
        return { kind: 'timestamp', withTimeZone: true };
      case 'json':
        return { kind: 'json' };
      case 'jsonb':
        return { kind: 'jsonb' };
      case 'uuid':
        return { kind: 'uuid' };
      case 'bytea':
        return { kind: 'blob' };
      case 'inet':
        return { kind: 'inet' };
    }
  }
  return { kind: 'custom', sql: { postgres: s } };
}

const ACTION: Record<string, ReferentialAction | undefined> = {
  a: undefined,
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

interface ColRow {
  table: string;
  name: string;
  type: string;
  typtype: string;
  typname: string;
  notnull: boolean;
  dflt: string | null;
  identity: string;
}
interface ConRow {
  table: string;
  name: string;
  type: string;
  cols: string[];
  ref_table: string | null;
  ref_cols: string[] | null;
  del: string;
  upd: string;
  def: string;
}
interface IdxRow {
  table: string;
  name: string;
  unique: boolean;
  cols: string[];
  pred: string | null;
  method: string;
}

const SCHEMA = `n.nspname = current_schema()`;

export async function introspectPostgres(conn: Connection, opts: IntrospectOptions = {}): Promise<Model> {
  const m = emptyModel();
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

  const enums = await conn.query<{ name: string; labels: unknown }>(
    `SELECT t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${SCHEMA} GROUP BY t.typname ORDER BY t.typname`,
  );
  for (const e of enums) m.enums[e.name] = { name: e.name, values: json<string[]>(e.labels) };

  const tables = await conn.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${SCHEMA} AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  for (const t of tables)
    if (wanted(t.name, opts))
      m.tables[t.name] = { name: t.name, columns: [], uniques: [], foreignKeys: [], checks: [] };

  const cols = await conn.query<ColRow>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typtype, t.typname, a.attnotnull AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS identity
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${SCHEMA} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
  );
  for (const r of cols) {
    const table = m.tables[r.table];
    if (!table) continue;
    const type: ColumnType =
      r.typtype === 'e'
        ? { kind: 'enum', name: r.typname, values: m.enums[r.typname]?.values ?? [] }
        : parsePgType(r.type);
    const serial = (r.dflt ?? '').startsWith('nextval(') || r.identity === 'a' || r.identity === 'd';
    const c: Column = { name: r.name, type, nullable: !r.notnull };
    const def = serial ? undefined : defaultFromSql(r.dflt);
    if (def) c.default = def;
    if (serial) c.autoIncrement = true;
    table.columns.push(c);
  }

  const cons = await conn.query<ConRow>(
    `SELECT cl.relname AS table, con.conname AS name, con.contype AS type,
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS cols,
            fcl.relname AS ref_table,
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS ref_cols,
            con.confdeltype AS del, con.confupdtype AS upd, pg_get_constraintdef(con.oid) AS def
       FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace LEFT JOIN pg_class fcl ON fcl.oid = con.confrelid
      WHERE ${SCHEMA} AND con.contype IN ('p', 'u', 'f', 'c') ORDER BY cl.relname, con.conname`,
  );
  for (const r of cons) {
    const t = m.tables[r.table];
    if (!t) continue;
    const columns = json<string[]>(r.cols) ?? [];
    if (r.type === 'p') t.primaryKey = { name: r.name, columns };
    if (r.type === 'u') t.uniques.push({ name: r.name, columns });
    if (r.type === 'f') {
      const onDelete = ACTION[r.del];
      const onUpdate = ACTION[r.upd];
      t.foreignKeys.push({
        name: r.name,
        columns,
        refTable: r.ref_table!,
        refColumns: json<string[]>(r.ref_cols) ?? [],
        ...(onDelete ? { onDelete } : {}),
        ...(onUpdate ? { onUpdate } : {}),
      });
    }
    if (r.type === 'c' && r.def != null)
      t.checks.push({ name: r.name, expression: r.def.replace(/^CHECK\s*\((.*)\)(\s+NOT VALID)?$/s, '$1') });
  }

  const idx = await conn.query<IdxRow>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique,
            (SELECT json_agg(pg_get_indexdef(ix.indexrelid, g.n, true) ORDER BY g.n) FROM generate_series(1, ix.indnkeyatts) g(n)) AS cols,
            pg_get_expr(ix.indpred, ix.indrelid, true) AS pred, am.amname AS method
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
      WHERE ${SCHEMA} AND NOT ix.indisprimary AND ix.indisvalid AND ix.indisready AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY t.relname, i.relname`,
  );
  for (const r of idx) {
    // An index being built or dropped meanwhile (CREATE INDEX CONCURRENTLY) reads as NULL: left out.
    const cols = json<(string | null)[]>(r.cols) ?? [];
    if (!m.tables[r.table] || cols.some((c) => c == null)) continue;
    m.indexes[r.name] = {
      name: r.name,
      table: r.table,
      columns: (cols as string[]).map(unquote),
      ...(r.unique ? { unique: true } : {}),
      ...(r.pred ? { where: r.pred } : {}),
      ...(r.method !== 'btree' ? { using: r.method } : {}),
    };
  }

  const views = await conn.query<{ name: string; def: string }>(
    `SELECT viewname AS name, definition AS def FROM pg_views WHERE schemaname = current_schema() ORDER BY viewname`,
  );
  for (const v of views)
    if (v.def != null && (wanted(v.name, opts) || !opts.tables))
      m.views[v.name] = { name: v.name, sql: { postgres: v.def.trim().replace(/;$/, '') } };

  const triggers = await conn.query<{ name: string; table: string; def: string }>(
    `SELECT tg.tgname AS name, c.relname AS table, pg_get_triggerdef(tg.oid) AS def FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${SCHEMA} AND NOT tg.tgisinternal ORDER BY tg.tgname`,
  );
  for (const tr of triggers)
    if (m.tables[tr.table] && tr.def != null)
      m.triggers[tr.name] = { name: tr.name, table: tr.table, sql: { postgres: tr.def } };

  const fns = await conn.query<{ name: string; args: string; def: string }>(
    `SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE ${SCHEMA} AND p.prokind IN ('f', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY p.proname`,
  );
  for (const f of fns)
    if (f.def != null)
      m.functions[f.name] = { name: f.name, signature: `${f.name}(${f.args})`, sql: { postgres: f.def } };

  return sortModel(m);
}
