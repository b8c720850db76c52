// The dialect-normalised form diff compares in: a type as the server reports it back, a default
// as a plain string, an expression without casts and extra parentheses. What a renderer
// creates and what introspection reads back normalise to the same thing.

import type { DialectName } from '../db/url.js';
import { dialectOf } from '../dialect/index.js';
import { parseMysqlType } from './introspect/mysql.js';
import { parsePgType } from './introspect/postgres.js';
import { parseSqliteType } from './introspect/sqlite.js';
import { pick } from './render/common.js';
import { mysqlBlobFor } from './render/mysql.js';
import type { Column, ColumnType, DefaultValue } from './types.js';

type TypeRule = (t: ColumnType) => string;

const pgType: TypeRule = (t) => {
  switch (t.kind) {
    case 'integer':
      return 'integer';
    case 'smallint':
    case 'tinyint':
      return 'smallint';
    case 'bigint':
      return 'bigint';
    case 'string':
      return t.length ? `varchar(${t.length})` : 'varchar';
    case 'char':
      return `char(${t.length})`;
    case 'float':
      return t.precision !== undefined && t.precision <= 24 ? 'real' : 'double';
    case 'numeric':
      return t.precision === undefined ? 'numeric' : `numeric(${t.precision},${t.scale ?? 0})`;
    case 'timestamp':
      return t.withTimeZone ? 'timestamptz' : 'timestamp';
    case 'datetime':
      return 'timestamp';
    case 'binary':
    case 'blob':
      return 'bytea';
    case 'enum':
      return t.native === false ? `varchar(${Math.max(...t.values.map((v) => v.length))})` : `enum ${t.name}`;
    case 'custom':
      return customType('postgres', t, parsePgType);
    default:
      return t.kind;
  }
};

const myType: TypeRule = (t) => {
  const u = (s: string) => ('unsigned' in t && t.unsigned ? `${s} unsigned` : s);
  switch (t.kind) {
    case 'integer':
      return u('int');
    case 'smallint':
    case 'tinyint':
    case 'bigint':
      return u(t.kind);
    case 'boolean':
      return 'bool';
    case 'string':
      return `varchar(${t.length ?? 255})`;
    case 'char':
      return `char(${t.length})`;
    case 'text':
      return t.size ? `${t.size}text` : 'text';
    case 'float':
      return t.precision !== undefined && t.precision > 24 ? 'double' : 'float';
    case 'real':
      return 'float';
    case 'numeric':
      return `decimal(${t.precision ?? 10},${t.scale ?? 0})`;
    case 'timestamp':
      return 'timestamp';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'uuid':
      return 'char(36)';
    case 'binary':
      return t.length ? `varbinary(${t.length})` : 'blob';
    case 'blob':
      return mysqlBlobFor(t.length).toLowerCase();
    case 'inet':
      return 'varchar(45)';
    case 'enum':
      return `enum(${t.values.join(',')})`;
    case 'custom':
      return customType('mysql', t, parseMysqlType);
    default:
      return t.kind;
  }
};

const sqliteType: TypeRule = (t) => {
  switch (t.kind) {
    case 'string':
      return t.length ? `varchar(${t.length})` : 'varchar';
    case 'char':
      return `char(${t.length})`;
    case 'text':
      return 'text';
    case 'float':
      return 'float';
    case 'numeric':
      return t.precision === undefined ? 'numeric' : `numeric(${t.precision},${t.scale ?? 0})`;
    case 'timestamp':
      return t.withTimeZone ? 'timestamptz' : 'timestamp';
    case 'binary':
      return t.length ? `varbinary(${t.length})` : 'blob';
    case 'blob':
      return 'blob';
    case 'enum':
      return `enum(${t.values.join(',')})`;
    case 'custom':
      return customType('sqlite', t, parseSqliteType);
    default:
      return t.kind;
  }
};

const TYPE_RULES: Record<DialectName, TypeRule> = { postgres: pgType, mysql: myType, sqlite: sqliteType };

const AUTO_WORDS = /\b(serial|bigserial|smallserial|auto_increment|autoincrement)\b/i;

/** A custom type that says auto-increment itself (SERIAL, INT(10) UNSIGNED AUTO_INCREMENT). */
export function customAutoIncrement(dialect: DialectName, t: ColumnType): boolean {
  return t.kind === 'custom' && AUTO_WORDS.test(pick(t.sql, dialect) ?? '');
}

/** A custom type compares as the portable kind it parses to, else as its lower-cased text. */
function customType(
  dialect: DialectName,
  t: Extract<ColumnType, { kind: 'custom' }>,
  parse: (s: string) => ColumnType,
): string {
  // Column clauses some packs write into the type: they are compared elsewhere.
  const sql = (pick(t.sql, dialect) ?? '')
    .replace(/\s+(auto_increment|autoincrement|primary key|not null|null)\b/gi, '')
    .trim();
  const parsed = parse(sql);
  if (parsed.kind !== 'custom') return TYPE_RULES[dialect](parsed);
  return sql.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function normalType(dialect: DialectName, c: Column): string {
  const auto = dialectOf(dialect).schema.autoIncrementType;
  if (auto && c.autoIncrement) return auto;
  return TYPE_RULES[dialect](c.type);
}

const NOW_TOKEN = /\b(now\(\)|current_timestamp(\(\))?|localtimestamp(\(\))?)/gi;
const NOW = /^(now\(\)|current_timestamp(\(\))?|localtimestamp(\(\))?|transaction_timestamp\(\))$/i;

/** A default as one comparable string, or undefined when the column has none. */
export function normalDefault(dialect: DialectName, c: Column, d: DefaultValue | undefined): string | undefined {
  if (!d || c.autoIncrement) return undefined;
  let v: unknown;
  if ('value' in d) v = d.value;
  else {
    const e = pick(d.expr, dialect);
    if (e === undefined) return undefined;
    const s = normalExpr(e).replace(NOW_TOKEN, 'current_timestamp');
    if (NOW.test(s)) return 'current_timestamp';
    const lit = /^'((?:[^']|'')*)'$/s.exec(s);
    if (lit) v = lit[1]!.replace(/''/g, "'");
    else if (/^-?\d+(\.\d+)?$/.test(s)) v = Number(s);
    else if (/^(true|false)$/.test(s)) v = s === 'true';
    else if (s === 'null') return undefined;
    else return s;
  }
  if (v === null || v === undefined) return undefined;
  if (c.type.kind === 'boolean') {
    const truthy = v === true || v === 1 || (typeof v === 'string' && /^(1|t|true|y|yes|on)$/i.test(v));
    return truthy ? 'true' : 'false';
  }
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  let s = String(v);
  // Numbers read back as strings or with another scale ('1.0', 1, 0.50) compare as numbers.
  if (/^-?\d+(\.\d+)?$/.test(s)) return String(Number(s));
  // PostgreSQL shows a bytea default as hex ('\x' is the empty string).
  const hex = /^\\x([0-9a-f]*)$/i.exec(s);
  if (hex && isBinary(dialect, c.type)) s = Buffer.from(hex[1]!, 'hex').toString('latin1');
  return `'${s}'`;
}

function isBinary(dialect: DialectName, t: ColumnType): boolean {
  return (
    t.kind === 'blob' ||
    t.kind === 'binary' ||
    (t.kind === 'custom' && /bytea|blob|binary/i.test(pick(t.sql, dialect) ?? ''))
  );
}

/** An SQL expression without PostgreSQL casts, identifier quotes, outer parentheses and case or spacing differences. */
export function normalExpr(e: string): string {
  let s = e
    .trim()
    .replace(/::[\w ."[\]]+?(\(\d+(,\d+)?\))?(?=[\s),=<>]|$)/g, '')
    .replace(/[`"]/g, '');
  s = s.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')');
  for (;;) {
    const inner = /^\((.*)\)$/s.exec(s);
    if (!inner || !balanced(inner[1]!)) break;
    s = inner[1]!.trim();
  }
  // (a >= 0) inside larger expressions: drop parentheses around simple comparisons.
  s = s.replace(/\(([\w.]+ ?(?:>=|<=|<>|!=|=|>|<) ?[\w.']+)\)/g, '$1');
  // Qualified column names (table.col) read back from views and PostgreSQL predicates.
  return s.toLowerCase();
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
