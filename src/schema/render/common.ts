// What the three dialect renderers share: the renderer contract, literals, defaults, column and
// table clauses, and seed-row inserts. Everything a dialect spells its own way is a field of
// its DialectRenderer (./postgres.ts, ./mysql.ts, ./sqlite.ts).

import { VoipdbError } from '../../core/errors.js';
import type { DialectName } from '../../db/url.js';
import type { Operation } from '../operations.js';
import { splitStatements } from '../sql-split.js';
import type {
  CheckConstraint,
  Column,
  ColumnType,
  DefaultValue,
  ForeignKey,
  Index,
  Model,
  PrimaryKey,
  Table,
  UniqueConstraint,
} from '../types.js';

export interface Statement {
  sql: string;
  /** false for statements that cannot run inside a transaction (CREATE INDEX CONCURRENTLY). */
  transactional: boolean;
}

export interface RenderContext {
  /** The model before and after the operation. */
  before: Model;
  after: Model;
}

export type OpRenderers = {
  [K in Operation['op']]: (op: Extract<Operation, { op: K }>, ctx: RenderContext) => Statement[];
};

export interface DialectRenderer {
  name: DialectName;
  // Names and values as the dialect spells them (src/dialect/spelling.ts): the renderer's own words.
  /** Identifier, quoted when needed (Spelling.ident). */
  q(id: string): string;
  /** A string literal. */
  str(s: string): string;
  /** TRUE/FALSE or 1/0. */
  bool(b: boolean): string;
  /** Binary literal from bytes. */
  bytes(b: Uint8Array): string;
  /** A plain value (no expression) as a literal (Spelling.literal). */
  value(v: unknown): string;
  /** The column's type as this dialect writes it in DDL. */
  typeSql(type: ColumnType, column?: Column): string;
  /** One column definition inside CREATE TABLE / ADD COLUMN. */
  columnDef(c: Column, table?: Table): string;
  ops: OpRenderers;
}

export type PerDialect = string | (Partial<Record<DialectName, string>> & { default?: string });

/** The text for a dialect from a per-dialect map (a string is for all); undefined: none. */
export function pick(sql: PerDialect | undefined, dialect: DialectName): string | undefined {
  if (sql === undefined) return undefined;
  if (typeof sql === 'string') return sql;
  return sql[dialect] ?? sql.default;
}

export function stmt(sql: string, transactional = true): Statement {
  return { sql: sql.trim().replace(/;\s*$/, ''), transactional };
}

/** A value, or an expression ({ expr }) or a wrapped value ({ value }) of a default or seed row. */
export function literal(d: DialectRenderer, v: unknown): string {
  if (typeof v === 'object' && v !== null && 'expr' in v) {
    const e = pick((v as { expr: PerDialect }).expr, d.name);
    if (e === undefined) throw new VoipdbError('usage', `expression has no SQL for ${d.name}`);
    return e;
  }
  if (typeof v === 'object' && v !== null && 'value' in v && Object.keys(v).length === 1)
    return literal(d, (v as { value: unknown }).value);
  return d.value(v);
}

/** DEFAULT clause body, or undefined when there is none. */
export function defaultSql(d: DialectRenderer, dv: DefaultValue | undefined): string | undefined {
  if (!dv) return undefined;
  if ('value' in dv) return dv.value === null ? undefined : literal(d, dv.value);
  const e = pick(dv.expr, d.name);
  return e;
}

export function cols(d: DialectRenderer, list: string[]): string {
  return list.map((c) => d.q(c)).join(', ');
}

function named(d: DialectRenderer, name: string | undefined, body: string): string {
  return name ? `CONSTRAINT ${d.q(name)} ${body}` : body;
}

export function pkClause(d: DialectRenderer, pk: PrimaryKey, withName = true): string {
  return named(d, withName ? pk.name : undefined, `PRIMARY KEY (${cols(d, pk.columns)})`);
}
export function uniqueClause(d: DialectRenderer, u: UniqueConstraint): string {
  return named(d, u.name, `UNIQUE (${cols(d, u.columns)})`);
}
export function fkClause(d: DialectRenderer, f: ForeignKey, refTable = f.refTable): string {
  let s = `FOREIGN KEY (${cols(d, f.columns)}) REFERENCES ${d.q(refTable)} (${cols(d, f.refColumns)})`;
  if (f.onDelete) s += ` ON DELETE ${f.onDelete}`;
  if (f.onUpdate) s += ` ON UPDATE ${f.onUpdate}`;
  return named(d, f.name, s);
}
export function checkClause(d: DialectRenderer, c: CheckConstraint): string {
  return named(d, c.name, `CHECK (${c.expression})`);
}

/** CHECK (col IN (...)) for enums spelled as strings (SQLite, non-native). */
export function enumCheck(d: DialectRenderer, column: string, values: readonly string[]): string {
  return `CHECK (${d.q(column)} IN (${values.map((v) => d.str(v)).join(', ')}))`;
}

export function enumLength(values: readonly string[]): number {
  return Math.max(1, ...values.map((v) => v.length));
}

export interface CreateTableShape {
  /** Name to create under (a rebuild's temporary name). */
  name?: string;
  ifNotExists?: boolean;
  /** Table-level primary key is written on the column instead (SQLite AUTOINCREMENT). */
  inlinePk?: boolean;
  /** Name to write in the table's self-referencing foreign keys. */
  selfRef?: string;
  suffix?: string;
}

export function createTableSql(d: DialectRenderer, t: Table, shape: CreateTableShape = {}): string {
  const lines = t.columns.map((c) => d.columnDef(c, t));
  if (t.primaryKey && !shape.inlinePk) lines.push(pkClause(d, t.primaryKey));
  for (const u of t.uniques) lines.push(uniqueClause(d, u));
  for (const f of t.foreignKeys)
    lines.push(fkClause(d, f, f.refTable === t.name && shape.selfRef ? shape.selfRef : f.refTable));
  for (const c of t.checks) lines.push(checkClause(d, c));
  const head = `CREATE TABLE ${shape.ifNotExists ? 'IF NOT EXISTS ' : ''}${d.q(shape.name ?? t.name)}`;
  return `${head} (\n    ${lines.join(',\n    ')}\n)${shape.suffix ? ' ' + shape.suffix : ''}`;
}

export function indexColumns(d: DialectRenderer, i: Index, withLengths: boolean): string {
  return i.columns.map((c) => (withLengths && i.lengths?.[c] ? `${d.q(c)}(${i.lengths[c]})` : d.q(c))).join(', ');
}

/** The table from the model, or a clear error naming the operation. */
export function requireTable(model: Model, table: string, what: string): Table {
  const t = model.tables[table];
  if (!t) {
    throw new VoipdbError(
      'usage',
      `${what}: table "${table}" is not in the schema model (was it created by raw SQL?)`,
      {
        hint: 'create the table with op.createTable in an earlier migration of the set, or give existingType/existingNullable',
      },
    );
  }
  return t;
}

/**
 * Seed rows as multi-row INSERTs: rows with the same columns (in order) share one statement,
 * `head` and `tail` make it idempotent per dialect.
 */
export function insertRowsSql(
  d: DialectRenderer,
  op: Extract<Operation, { op: 'insertRows' }>,
  head: string,
  tail: string,
): Statement[] {
  const out: Statement[] = [];
  let group: Record<string, unknown>[] = [];
  let keys = '';
  const flush = () => {
    if (!group.length) return;
    const names = Object.keys(group[0]!);
    const values = group.map((r) => `(${names.map((n) => literal(d, r[n])).join(', ')})`).join(',\n    ');
    out.push(stmt(`${head} ${d.q(op.table)} (${cols(d, names)}) VALUES\n    ${values}${tail}`));
    group = [];
  };
  for (const row of op.rows) {
    const k = Object.keys(row).join('\u0000');
    if (k !== keys) flush();
    keys = k;
    group.push(row);
  }
  flush();
  return out;
}

/** Ops every dialect writes the same way (given its quoting and literals). */
export function commonOps(
  d: () => DialectRenderer,
): Pick<OpRenderers, 'renameTable' | 'renameColumn' | 'dropView' | 'sql'> {
  return {
    renameTable: (op) => [stmt(`ALTER TABLE ${d().q(op.table)} RENAME TO ${d().q(op.to)}`)],
    renameColumn: (op) => [stmt(`ALTER TABLE ${d().q(op.table)} RENAME COLUMN ${d().q(op.column)} TO ${d().q(op.to)}`)],
    dropView: (op) => [stmt(`DROP VIEW ${op.ifExists ? 'IF EXISTS ' : ''}${d().q(op.name)}`)],
    sql: (op) => {
      const s = pick(op.sql, d().name);
      return s === undefined ? [] : splitStatements(s).map((x) => stmt(x, op.transactional ?? true));
    },
  };
}

export function viewSql(d: DialectRenderer, view: { name: string; sql: PerDialect }): string | undefined {
  return typeof view.sql === 'string' ? view.sql : pick(view.sql, d.name);
}

/** alterColumn's autoIncrement restates MySQL's AUTO_INCREMENT; elsewhere it has no one meaning. */
export function refuseAutoIncrement(op: Extract<Operation, { op: 'alterColumn' }>): void {
  if (op.autoIncrement === undefined) return;
  throw new VoipdbError('usage', `alterColumn ${op.table}.${op.column}: autoIncrement can be altered on MySQL only`, {
    hint: 'emit it for MySQL only (as alembic does), or create the column with autoIncrement',
  });
}
