// What a migration says, once, for every dialect: operation nodes, built with `op.*` calls
// in the style of alembic's `op` module. How each dialect says it lives in ./render/.

import type { DialectName } from '../db/url.js';
import type {
  CheckConstraint,
  Column,
  ColumnType,
  DefaultValue,
  ForeignKey,
  Index,
  PrimaryKey,
  ReferentialAction,
  RoutineFn,
  Trigger,
  UniqueConstraint,
  View,
} from './types.js';

export type Operation =
  | {
      op: 'createTable';
      table: string;
      columns: Column[];
      primaryKey?: PrimaryKey;
      uniques?: UniqueConstraint[];
      foreignKeys?: ForeignKey[];
      checks?: CheckConstraint[];
      options?: Partial<Record<DialectName, string>>;
      ifNotExists?: boolean;
    }
  | { op: 'dropTable'; table: string; ifExists?: boolean }
  | { op: 'renameTable'; table: string; to: string }
  /** `after` (the column it follows) or `first`: MySQL places it there, SQLite rebuilds; PostgreSQL can only append. */
  | { op: 'addColumn'; table: string; column: Column; after?: string; first?: boolean }
  | { op: 'dropColumn'; table: string; column: string }
  | { op: 'renameColumn'; table: string; column: string; to: string }
  | {
      op: 'alterColumn';
      table: string;
      column: string;
      /** New type; `using` is PostgreSQL's conversion expression. */
      type?: ColumnType;
      using?: string;
      nullable?: boolean;
      /** null drops the default. */
      default?: DefaultValue | null;
      /** What the column was, for dialects that restate the whole column (MySQL MODIFY). */
      existingType?: ColumnType;
      existingNullable?: boolean;
      existingDefault?: DefaultValue;
      /** MySQL only (AUTO_INCREMENT restated with the column); other dialects refuse it. */
      autoIncrement?: boolean;
    }
  | { op: 'createIndex'; index: Index; concurrently?: boolean; ifNotExists?: boolean }
  | { op: 'dropIndex'; name: string; table: string; concurrently?: boolean; ifExists?: boolean }
  | { op: 'addPrimaryKey'; table: string; primaryKey: PrimaryKey }
  | { op: 'dropPrimaryKey'; table: string; name?: string }
  | { op: 'addUnique'; table: string; unique: UniqueConstraint }
  | { op: 'addForeignKey'; table: string; foreignKey: ForeignKey }
  | { op: 'addCheck'; table: string; check: CheckConstraint }
  | { op: 'dropConstraint'; table: string; name: string; kind: 'unique' | 'foreignkey' | 'check' | 'primary' }
  | { op: 'createEnum'; name: string; values: string[] }
  | { op: 'dropEnum'; name: string; ifExists?: boolean }
  /** Asterisk's way to change an enum on PostgreSQL: new type, retype the columns with USING col::text::new, drop the old. */
  | {
      op: 'replaceEnum';
      name: string;
      newName: string;
      values: string[];
      columns: { table: string; column: string; default?: DefaultValue }[];
      dropOld?: boolean;
    }
  | { op: 'createView'; view: View; orReplace?: boolean }
  | { op: 'dropView'; name: string; ifExists?: boolean }
  | { op: 'createFunction'; fn: RoutineFn }
  | { op: 'dropFunction'; name: string; signature?: string; ifExists?: boolean }
  | { op: 'createTrigger'; trigger: Trigger }
  | { op: 'dropTrigger'; name: string; table: string; ifExists?: boolean }
  /** Per-dialect raw SQL; a dialect missing from the map (and with no `default`) skips it. */
  | { op: 'sql'; sql: string | (Partial<Record<DialectName, string>> & { default?: string }); transactional?: boolean }
  /** Seed rows, idempotent: ON CONFLICT DO NOTHING / INSERT IGNORE / INSERT OR IGNORE. */
  | {
      op: 'insertRows';
      table: string;
      rows: Record<string, unknown>[];
      onConflict?: 'ignore' | 'error';
      conflictColumns?: string[];
    };

/** Column type constructors: `t.string(80)`, `t.enum('yes_no_values', ['yes', 'no'])`. */
export const t = {
  integer: (o: { unsigned?: boolean } = {}): ColumnType => ({ kind: 'integer', ...o }),
  smallint: (o: { unsigned?: boolean } = {}): ColumnType => ({ kind: 'smallint', ...o }),
  bigint: (o: { unsigned?: boolean } = {}): ColumnType => ({ kind: 'bigint', ...o }),
  tinyint: (o: { unsigned?: boolean } = {}): ColumnType => ({ kind: 'tinyint', ...o }),
  boolean: (): ColumnType => ({ kind: 'boolean' }),
  string: (length?: number): ColumnType => ({ kind: 'string', length }),
  char: (length: number): ColumnType => ({ kind: 'char', length }),
  text: (size?: 'tiny' | 'medium' | 'long'): ColumnType => (size ? { kind: 'text', size } : { kind: 'text' }),
  float: (precision?: number): ColumnType =>
    precision === undefined ? { kind: 'float' } : { kind: 'float', precision },
  real: (): ColumnType => ({ kind: 'real' }),
  double: (): ColumnType => ({ kind: 'double' }),
  numeric: (precision?: number, scale?: number): ColumnType => ({ kind: 'numeric', precision, scale }),
  date: (): ColumnType => ({ kind: 'date' }),
  time: (): ColumnType => ({ kind: 'time' }),
  timestamp: (o: { withTimeZone?: boolean } = {}): ColumnType => ({ kind: 'timestamp', ...o }),
  datetime: (): ColumnType => ({ kind: 'datetime' }),
  json: (): ColumnType => ({ kind: 'json' }),
  jsonb: (): ColumnType => ({ kind: 'jsonb' }),
  uuid: (): ColumnType => ({ kind: 'uuid' }),
  binary: (length?: number): ColumnType => ({ kind: 'binary', length }),
  blob: (length?: number): ColumnType => ({ kind: 'blob', length }),
  inet: (): ColumnType => ({ kind: 'inet' }),
  enum: (name: string, values: readonly string[], o: { native?: boolean } = {}): ColumnType => ({
    kind: 'enum',
    name,
    values,
    ...o,
  }),
  custom: (sql: Partial<Record<DialectName, string>> & { default?: string }): ColumnType => ({ kind: 'custom', sql }),
};

/** Column constructor: `col('name', t.string(80), { nullable: false })`. */
export function col(name: string, type: ColumnType, opts: Omit<Column, 'name' | 'type'> = {}): Column {
  return { name, type, ...opts };
}

/** Default helpers: `value('yes')`, `expr('CURRENT_TIMESTAMP')`. */
export const value = (v: string | number | boolean | null): DefaultValue => ({ value: v });
export const expr = (e: string | (Partial<Record<DialectName, string>> & { default?: string })): DefaultValue => ({
  expr: e,
});

/**
 * The builder a migration's `up`/`down` receives. Each call appends an operation node; nothing
 * runs until the engine renders the nodes for a dialect.
 */
/** Arguments a migration module passes are not type-checked: say which call and argument is wrong. */
function badCall(call: string, problem: string): Error {
  return new TypeError(`op.${call}: ${problem}`);
}

function checkColumns(call: string, columns: unknown): void {
  if (!Array.isArray(columns))
    throw badCall(call, `columns must be an array, e.g. [{ name: 'id', type: t.integer() }], not ${describe(columns)}`);
  columns.forEach((c: unknown, i) => {
    const col = c as Partial<Column> | null;
    if (!col || typeof col !== 'object' || typeof col.name !== 'string')
      throw badCall(call, `column ${i + 1} needs a "name" string, got ${describe(c)}`);
    if (!col.type || typeof col.type !== 'object' || typeof (col.type as { kind?: unknown }).kind !== 'string')
      throw badCall(call, `column "${col.name}" needs a "type" such as t.string(80), got ${describe(col.type)}`);
  });
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 60 ? s.slice(0, 57) + '...' : s;
}

export class Ops {
  readonly list: Operation[] = [];
  constructor(readonly dialect: DialectName) {}

  private push(o: Operation): this {
    this.list.push(o);
    return this;
  }

  createTable(
    table: string,
    columns: Column[],
    extra: {
      primaryKey?: PrimaryKey | string[];
      uniques?: (UniqueConstraint | string[])[];
      foreignKeys?: ForeignKey[];
      checks?: CheckConstraint[];
      options?: Partial<Record<DialectName, string>>;
      ifNotExists?: boolean;
    } = {},
  ) {
    if (typeof table !== 'string' || !table)
      throw badCall('createTable', `the first argument is the table name, got ${describe(table)}`);
    checkColumns(`createTable("${table}")`, columns);
    const pk = Array.isArray(extra.primaryKey) ? { columns: extra.primaryKey } : extra.primaryKey;
    const uniques = (extra.uniques ?? []).map((u) => (Array.isArray(u) ? { columns: u } : u));
    return this.push({
      op: 'createTable',
      table,
      columns,
      primaryKey: pk,
      uniques,
      foreignKeys: extra.foreignKeys,
      checks: extra.checks,
      options: extra.options,
      ifNotExists: extra.ifNotExists,
    });
  }
  dropTable(table: string, o: { ifExists?: boolean } = {}) {
    return this.push({ op: 'dropTable', table, ...o });
  }
  renameTable(table: string, to: string) {
    return this.push({ op: 'renameTable', table, to });
  }
  addColumn(table: string, column: Column, o: { after?: string; first?: boolean } = {}) {
    if (typeof table !== 'string' || !table)
      throw badCall('addColumn', `the first argument is the table name, got ${describe(table)}`);
    checkColumns(`addColumn("${table}")`, [column]);
    return this.push({ op: 'addColumn', table, column, ...o });
  }
  dropColumn(table: string, column: string) {
    return this.push({ op: 'dropColumn', table, column });
  }
  renameColumn(table: string, column: string, to: string) {
    return this.push({ op: 'renameColumn', table, column, to });
  }
  alterColumn(
    table: string,
    column: string,
    change: Omit<Extract<Operation, { op: 'alterColumn' }>, 'op' | 'table' | 'column'>,
  ) {
    return this.push({ op: 'alterColumn', table, column, ...change });
  }
  createIndex(
    name: string,
    table: string,
    columns: string[],
    o: {
      unique?: boolean;
      where?: string;
      concurrently?: boolean;
      ifNotExists?: boolean;
      lengths?: Record<string, number>;
      using?: string;
    } = {},
  ) {
    const { concurrently, ifNotExists, ...idx } = o;
    return this.push({ op: 'createIndex', index: { name, table, columns, ...idx }, concurrently, ifNotExists });
  }
  dropIndex(name: string, table: string, o: { concurrently?: boolean; ifExists?: boolean } = {}) {
    return this.push({ op: 'dropIndex', name, table, ...o });
  }
  addPrimaryKey(table: string, columns: string[], name?: string) {
    return this.push({ op: 'addPrimaryKey', table, primaryKey: { name, columns } });
  }
  dropPrimaryKey(table: string, name?: string) {
    return this.push({ op: 'dropPrimaryKey', table, name });
  }
  addUnique(table: string, columns: string[], name?: string) {
    return this.push({ op: 'addUnique', table, unique: { name, columns } });
  }
  addForeignKey(
    table: string,
    columns: string[],
    refTable: string,
    refColumns: string[],
    o: { name?: string; onDelete?: ReferentialAction; onUpdate?: ReferentialAction } = {},
  ) {
    return this.push({ op: 'addForeignKey', table, foreignKey: { columns, refTable, refColumns, ...o } });
  }
  addCheck(table: string, expression: string, name?: string) {
    return this.push({ op: 'addCheck', table, check: { name, expression } });
  }
  dropConstraint(table: string, name: string, kind: 'unique' | 'foreignkey' | 'check' | 'primary') {
    return this.push({ op: 'dropConstraint', table, name, kind });
  }
  createEnum(name: string, values: string[]) {
    return this.push({ op: 'createEnum', name, values });
  }
  dropEnum(name: string, o: { ifExists?: boolean } = {}) {
    return this.push({ op: 'dropEnum', name, ...o });
  }
  replaceEnum(
    name: string,
    newName: string,
    values: string[],
    columns: { table: string; column: string; default?: DefaultValue }[],
    o: { dropOld?: boolean } = {},
  ) {
    return this.push({ op: 'replaceEnum', name, newName, values, columns, dropOld: o.dropOld ?? true });
  }
  createView(name: string, sql: View['sql'], o: { orReplace?: boolean } = {}) {
    return this.push({ op: 'createView', view: { name, sql }, ...o });
  }
  dropView(name: string, o: { ifExists?: boolean } = {}) {
    return this.push({ op: 'dropView', name, ...o });
  }
  createFunction(fn: RoutineFn) {
    return this.push({ op: 'createFunction', fn });
  }
  dropFunction(name: string, o: { signature?: string; ifExists?: boolean } = {}) {
    return this.push({ op: 'dropFunction', name, ...o });
  }
  createTrigger(trigger: Trigger) {
    return this.push({ op: 'createTrigger', trigger });
  }
  dropTrigger(name: string, table: string, o: { ifExists?: boolean } = {}) {
    return this.push({ op: 'dropTrigger', name, table, ...o });
  }
  sql(
    sql: string | (Partial<Record<DialectName, string>> & { default?: string }),
    o: { transactional?: boolean } = {},
  ) {
    return this.push({ op: 'sql', sql, ...o });
  }
  insertRows(
    table: string,
    rows: Record<string, unknown>[],
    o: { onConflict?: 'ignore' | 'error'; conflictColumns?: string[] } = {},
  ) {
    return this.push({
      op: 'insertRows',
      table,
      rows,
      onConflict: o.onConflict ?? 'ignore',
      conflictColumns: o.conflictColumns,
    });
  }
}
