// SQLite, from PRAGMA table_info / index_list / foreign_key_list and, for what the pragmas do
// not say (constraint names, CHECKs, enums spelled as CHECK (col IN (...))), the CREATE TABLE text.

import type { Connection } from '../../db/connection.js';
import {
  emptyModel,
  type CheckConstraint,
  type Column,
  type ColumnType,
  type Model,
  type ReferentialAction,
} from '../types.js';
import { defaultFromSql, sortModel, unquote, wanted, type IntrospectOptions } from './common.js';

/** A declared type back to a portable kind; SQLite keeps the declaration as written. */
export function parseSqliteType(sql: string): ColumnType {
  const s = sql.trim().toUpperCase().replace(/\s+/g, ' ');
  const m = /^([A-Z ]+?)\s*(?:\((\d+)(?:,\s*(\d+))?\))?$/.exec(s);
  if (m) {
    const [, base, a, b] = m;
    const n = a === undefined ? undefined : Number(a);
    switch (base) {
      case 'INTEGER':
      case 'INT':
        return { kind: 'integer' };
      case 'SMALLINT':
        return { kind: 'smallint' };
      case 'BIGINT':
        return { kind: 'bigint' };
      case 'TINYINT':
        return { kind: 'tinyint' };
      case 'BOOLEAN':
      case 'BOOL':
        return { kind: 'boolean' };
      case 'VARCHAR':
      case 'CHARACTER VARYING':
      case 'NVARCHAR':
        return n === undefined ? { kind: 'string' } : { kind: 'string', length: n };
      case 'CHAR':
      case 'CHARACTER':
        return { kind: 'char', length: n ?? 1 };
      case 'TEXT':
      case 'CLOB':
        return { kind: 'text' };
      case 'FLOAT':
        return { kind: 'float' };
      case 'REAL':
        return { kind: 'real' };
      case 'DOUBLE':
      case 'DOUBLE PRECISION':
        return { kind: 'double' };
      case 'NUMERIC':
      case 'DECIMAL':
        return n === undefined
          ? { kind: 'numeric' }
          : { kind: 'numeric', precision: n, ...(b !== undefined ? { scale: Number(b) } : {}) };
      case 'DATE':
        return { kind: 'date' };
      case 'TIME':
        return { kind: 'time' };
      case 'TIMESTAMP':
        return { kind: 'timestamp' };
      case 'TIMESTAMP WITH TIME ZONE':
        return { kind: 'timestamp', withTimeZone: true };
      case 'DATETIME':
        return { kind: 'datetime' };
      case 'JSON':
        return { kind: 'json' };
      case 'JSONB':
        return { kind: 'jsonb' };
      case 'UUID':
        return { kind: 'uuid' };
      case 'BLOB':
        return { kind: 'blob' };
      case 'VARBINARY':
        return { kind: 'binary', length: n };
      case 'INET':
        return { kind: 'inet' };
    }
  }
  return { kind: 'custom', sql: { sqlite: sql.trim() } };
}

/** Top-level comma-separated items of a CREATE TABLE body (quotes and parentheses respected). */
export function tableItems(createSql: string): string[] {
  const open = createSql.indexOf('(');
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  let quote: string | null = null;
  for (let i = open + 1; i < createSql.length; i++) {
    const c = createSql[i]!;
    if (quote) {
      cur += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      quote = c === '[' ? ']' : c;
      cur += c;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      items.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) items.push(cur.trim());
  return items;
}

/** The text inside the parentheses that start at `from` (the index of '('). */
function parenBody(s: string, from: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return s.slice(from + 1, i);
  }
  return s.slice(from + 1);
}

const IDENT = `("(?:[^"]|"")+"|\`[^\`]+\`|\\[[^\\]]+\\]|[\\w$]+)`;

function enumFromCheck(column: string, expr: string): string[] | undefined {
  const m = new RegExp(`^${IDENT}\\s+IN\\s*\\((.*)\\)$`, 'is').exec(expr.trim());
  if (!m || unquote(m[1]!.replace(/^\[|\]$/g, '"')) !== column) return undefined;
  const values: string[] = [];
  const re = /'((?:[^']|'')*)'\s*(,|$)/g;
  let v: RegExpExecArray | null;
  while ((v = re.exec(m[2]!.trim()))) values.push(v[1]!.replace(/''/g, "'"));
  return values.length ? values : undefined;
}

interface Parsed {
  names: { kind: 'pk' | 'unique' | 'fk'; name: string; columns: string[] }[];
  checks: CheckConstraint[];
  columnChecks: Map<string, string[]>;
}

function parseCreateTable(sql: string): Parsed {
  const out: Parsed = { names: [], checks: [], columnChecks: new Map() };
  for (const item of tableItems(sql)) {
    const named = new RegExp(`^CONSTRAINT\\s+${IDENT}\\s+(.*)$`, 'is').exec(item);
    const name = named ? unquote(named[1]!) : undefined;
    const body = named ? named[2]! : item;
    const kw = /^(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY|CHECK)\s*\(/i.exec(body);
    if (kw) {
      const inner = parenBody(body, body.indexOf('('));
      const kind = kw[1]!.toUpperCase().replace(/\s+/g, ' ');
      if (kind === 'CHECK') out.checks.push({ ...(name ? { name } : {}), expression: inner.trim() });
      else if (name)
        out.names.push({
          kind: kind === 'PRIMARY KEY' ? 'pk' : kind === 'UNIQUE' ? 'unique' : 'fk',
          name,
          columns: inner.split(',').map((c) => unquote(c.trim())),
        });
      continue;
    }
    // A column definition: its CHECKs.
    const colName = new RegExp(`^${IDENT}`).exec(item);
    if (!colName) continue;
    const checks: string[] = [];
    const re = /\bCHECK\s*\(/gi;
    let m: RegExpExecArray | null;
    while ((m = re.exec(item))) checks.push(parenBody(item, m.index + m[0].length - 1).trim());
    if (checks.length) out.columnChecks.set(unquote(colName[1]!), checks);
  }
  return out;
}

const ACTION = (a: string): ReferentialAction | undefined =>
  a === 'NO ACTION' || !a ? undefined : (a as ReferentialAction);

export async function introspectSqlite(conn: Connection, opts: IntrospectOptions = {}): Promise<Model> {
  const m = emptyModel();
  const objects = await conn.query<{ type: string; name: string; tbl_name: string; sql: string | null }>(
    `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`,
  );
  for (const o of objects.filter((x) => x.type === 'table' && wanted(x.name, opts))) {
    const sql = o.sql ?? '';
    const parsed = parseCreateTable(sql);
    const info = await conn.query<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }>(`SELECT * FROM pragma_table_info(?)`, [o.name]);
    const columns: Column[] = info.map((r) => {
      let type = parseSqliteType(r.type);
      const checks = parsed.columnChecks.get(r.name) ?? [];
      const values = checks.map((c) => enumFromCheck(r.name, c)).find((v) => v);
      if (values) type = { kind: 'enum', name: `${o.name}_${r.name}`, values };
      const c: Column = { name: r.name, type, nullable: r.notnull === 0 && r.pk === 0 };
      const def = defaultFromSql(r.dflt_value);
      if (def) c.default = def;
      return c;
    });
    const checks = [...parsed.checks];
    for (const [col, list] of parsed.columnChecks)
      for (const e of list) if (!enumFromCheck(col, e)) checks.push({ expression: e });

    const pkCols = info
      .filter((r) => r.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((r) => r.name);
    const nameOf = (kind: 'pk' | 'unique' | 'fk', cols: string[]) =>
      parsed.names.find((n) => n.kind === kind && n.columns.join(',') === cols.join(','))?.name;
    if (pkCols.length === 1 && /\bAUTOINCREMENT\b/i.test(sql))
      columns.find((c) => c.name === pkCols[0])!.autoIncrement = true;
    // A rowid alias (INTEGER PRIMARY KEY) is never NULL even when not declared NOT NULL.
    for (const c of columns) if (pkCols.includes(c.name)) c.nullable = false;

    const uniques: { name?: string; columns: string[] }[] = [];
    const list = await conn.query<{ name: string; unique: number; origin: string; partial: number }>(
      `SELECT * FROM pragma_index_list(?)`,
      [o.name],
    );
    for (const ix of [...list].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const cols = (
        await conn.query<{ name: string | null; seqno: number }>(`SELECT * FROM pragma_index_info(?)`, [ix.name])
      )
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name ?? '');
      if (ix.origin === 'u') {
        const name = nameOf('unique', cols);
        uniques.push({ ...(name ? { name } : {}), columns: cols });
      } else if (ix.origin === 'c') {
        const isql = objects.find((x) => x.type === 'index' && x.name === ix.name)?.sql ?? '';
        const where = /\)\s+WHERE\s+(.*)$/is.exec(isql);
        m.indexes[ix.name] = {
          name: ix.name,
          table: o.name,
          columns: cols,
          ...(ix.unique ? { unique: true } : {}),
          ...(where ? { where: where[1]!.trim() } : {}),
        };
      }
    }

    const fkRows = await conn.query<{
      id: number;
      seq: number;
      table: string;
      from: string;
      to: string | null;
      on_update: string;
      on_delete: string;
    }>(`SELECT * FROM pragma_foreign_key_list(?)`, [o.name]);
    const foreignKeys = [...new Set(fkRows.map((r) => r.id))]
      .sort((a, b) => a - b)
      .map((id) => {
        const rows = fkRows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
        const columns = rows.map((r) => r.from);
        const name = nameOf('fk', columns);
        const onDelete = ACTION(rows[0]!.on_delete);
        const onUpdate = ACTION(rows[0]!.on_update);
        return {
          ...(name ? { name } : {}),
          columns,
          refTable: rows[0]!.table,
          refColumns: rows.map((r) => r.to ?? ''),
          ...(onDelete ? { onDelete } : {}),
          ...(onUpdate ? { onUpdate } : {}),
        };
      });
    // SQLite lists foreign keys last-declared first.
    foreignKeys.reverse();

    const pkName = pkCols.length ? nameOf('pk', pkCols) : undefined;
    m.tables[o.name] = {
      name: o.name,
      columns,
      ...(pkCols.length ? { primaryKey: { ...(pkName ? { name: pkName } : {}), columns: pkCols } } : {}),
      uniques,
      foreignKeys,
      checks,
    };
  }
  for (const o of objects) {
    if (o.type === 'view')
      m.views[o.name] = { name: o.name, sql: { sqlite: (o.sql ?? '').replace(/^CREATE\s+VIEW\s+\S+\s+AS\s+/is, '') } };
    if (o.type === 'trigger' && m.tables[o.tbl_name])
      m.triggers[o.name] = { name: o.name, table: o.tbl_name, sql: { sqlite: o.sql ?? '' } };
  }
  return sortModel(m);
}
