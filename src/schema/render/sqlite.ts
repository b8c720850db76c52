// SQLite: declared types kept readable (they only set affinity), enums as CHECK (col IN (...)),
// INTEGER PRIMARY KEY AUTOINCREMENT, and every ALTER SQLite cannot do as a table rebuild
// (./sqlite-rebuild.ts), in the style of alembic's batch mode.

import { VoipdbError } from '../../core/errors.js';
import { columnOf, indexesOf } from '../apply.js';
import type { Column, ColumnType, Table } from '../types.js';
import {
  commonOps,
  createTableSql,
  defaultSql,
  enumCheck,
  enumLength,
  indexColumns,
  insertRowsSql,
  pick,
  refuseAutoIncrement,
  stmt,
  viewSql,
  type DialectRenderer,
  type RenderContext,
  type Statement,
} from './common.js';
import { sqlite } from '../../dialect/sqlite.js';
import { rebuildTable } from './sqlite-rebuild.js';

const q = sqlite.ident;

function typeSql(ty: ColumnType, c?: Column): string {
  switch (ty.kind) {
    case 'integer':
      return 'INTEGER';
    case 'smallint':
      return 'SMALLINT';
    case 'tinyint':
      return 'TINYINT';
    case 'bigint':
      return 'BIGINT';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return ty.length ? `VARCHAR(${ty.length})` : 'VARCHAR';
    case 'char':
      return `CHAR(${ty.length})`;
    case 'text':
      return 'TEXT';
    case 'float':
      return 'FLOAT';
    case 'real':
      return 'REAL';
    case 'double':
      return 'DOUBLE';
    case 'numeric':
      return ty.precision !== undefined
        ? `NUMERIC(${ty.precision}${ty.scale !== undefined ? ', ' + ty.scale : ''})`
        : 'NUMERIC';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return ty.withTimeZone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
    case 'datetime':
      return 'DATETIME';
    case 'json':
      return 'JSON';
    case 'jsonb':
      return 'JSONB';
    case 'uuid':
      return 'UUID';
    case 'binary':
      return ty.length ? `VARBINARY(${ty.length})` : 'BLOB';
    case 'blob':
      return 'BLOB';
    case 'inet':
      return 'INET';
    case 'enum':
      return `VARCHAR(${enumLength(ty.values)})`;
    case 'custom': {
      const s = pick(ty.sql, 'sqlite');
      if (!s)
        throw new VoipdbError('usage', `custom column type has no SQLite spelling${c ? ` (column ${c.name})` : ''}`, {
          hint: "give t.custom({ sqlite: '...' }) or a default",
        });
      return s;
    }
  }
}

/** AUTOINCREMENT needs the key on the column itself: INTEGER PRIMARY KEY AUTOINCREMENT. */
export function inlinePkColumn(t: Table | undefined): string | undefined {
  if (!t?.primaryKey || t.primaryKey.columns.length !== 1) return undefined;
  const c = t.columns.find((x) => x.name === t.primaryKey!.columns[0]);
  return c?.autoIncrement ? c.name : undefined;
}

function defaultClause(c: Column): string | undefined {
  const d = defaultSql(sq, c.default);
  if (d === undefined) return undefined;
  // SQLite accepts literals and CURRENT_* bare; any other expression goes in parentheses.
  const bare =
    /^(-?\d+(\.\d+)?|'([^']|'')*'|NULL|TRUE|FALSE|CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|X'[0-9a-fA-F]*'|\(.*\))$/is.test(
      d,
    );
  return bare ? d : `(${d})`;
}

function columnDef(c: Column, t?: Table): string {
  const inline = inlinePkColumn(t) === c.name;
  let s = `${q(c.name)} ${inline ? 'INTEGER' : typeSql(c.type, c)}`;
  if (c.nullable === false) s += ' NOT NULL';
  if (inline) s += ' PRIMARY KEY AUTOINCREMENT';
  const def = defaultClause(c);
  if (def !== undefined) s += ` DEFAULT ${def}`;
  if (c.type.kind === 'enum') s += ' ' + enumCheck(sq, c.name, c.type.values);
  return s;
}

/** ADD COLUMN works unless the column needs what SQLite refuses there (keys, NOT NULL without a default, expression defaults). */
function canAddColumn(c: Column): boolean {
  const d = defaultClause(c);
  if (c.autoIncrement) return false;
  if (c.nullable === false && (d === undefined || d === 'NULL')) return false;
  if (d !== undefined && /^(\(|CURRENT_)/i.test(d)) return false;
  return true;
}

/** DROP COLUMN works unless the column is part of a key, an index, a constraint or an enum CHECK. */
function canDropColumn(ctx: RenderContext, table: string, column: string): boolean {
  const t = ctx.before.tables[table];
  if (!t) return true;
  const c = t.columns.find((x) => x.name === column);
  if (c?.type.kind === 'enum' || c?.unique || c?.primaryKey) return false;
  const inList = (l: string[]) => l.includes(column);
  if (t.primaryKey && inList(t.primaryKey.columns)) return false;
  if (t.uniques.some((u) => inList(u.columns)) || t.foreignKeys.some((f) => inList(f.columns))) return false;
  if (t.checks.length) return false;
  if (indexesOf(ctx.before, table).some((i) => inList(i.columns) || (i.where ?? '').includes(column))) return false;
  return true;
}

const rebuild =
  (table: string) =>
  (_op: unknown, ctx: RenderContext): Statement[] =>
    rebuildTable(sq, ctx, table);

export const sq: DialectRenderer = {
  name: 'sqlite',
  q,
  str: sqlite.string,
  bool: sqlite.bool,
  bytes: sqlite.bytes,
  value: sqlite.literal,
  typeSql,
  columnDef,
  ops: {
    ...commonOps(() => sq),
    createTable: (op, ctx) => {
      const t = ctx.after.tables[op.table]!;
      return [stmt(createTableSql(sq, t, { ifNotExists: op.ifNotExists, inlinePk: inlinePkColumn(t) !== undefined }))];
    },
    dropTable: (op) => [stmt(`DROP TABLE ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.table)}`)],
    // A column placed before others is a rebuild: ADD COLUMN can only append.
    addColumn: (op, ctx) =>
      (canAddColumn(op.column) &&
        !op.first &&
        (!op.after || ctx.before.tables[op.table]?.columns.at(-1)?.name === op.after)) ||
      !ctx.before.tables[op.table]
        ? [
            stmt(
              `ALTER TABLE ${q(op.table)} ADD COLUMN ${columnDef({ ...op.column, nullable: op.column.nullable ?? true })}`,
            ),
          ]
        : rebuildTable(sq, ctx, op.table),
    dropColumn: (op, ctx) =>
      canDropColumn(ctx, op.table, op.column)
        ? [stmt(`ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.column)}`)]
        : rebuildTable(sq, ctx, op.table),
    alterColumn: (op, ctx) => {
      refuseAutoIncrement(op);
      if (!columnOf(ctx.before, op.table, op.column)) {
        throw new VoipdbError(
          'usage',
          `alterColumn ${op.table}.${op.column}: SQLite rebuilds the table, and the column is not in the schema model`,
          {
            hint: 'create the table with op.createTable in an earlier migration of the set',
          },
        );
      }
      return rebuildTable(sq, ctx, op.table);
    },
    createIndex: (op) => {
      const i = op.index;
      return [
        stmt(
          `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${op.ifNotExists ? 'IF NOT EXISTS ' : ''}${q(i.name)} ON ${q(i.table)} (${indexColumns(sq, i, false)})${i.where ? ` WHERE ${i.where}` : ''}`,
        ),
      ];
    },
    dropIndex: (op) => [stmt(`DROP INDEX ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.name)}`)],
    addPrimaryKey: (op, ctx) => rebuild(op.table)(op, ctx),
    dropPrimaryKey: (op, ctx) => rebuild(op.table)(op, ctx),
    addUnique: (op, ctx) => rebuild(op.table)(op, ctx),
    addForeignKey: (op, ctx) => rebuild(op.table)(op, ctx),
    addCheck: (op, ctx) => rebuild(op.table)(op, ctx),
    dropConstraint: (op, ctx) => rebuild(op.table)(op, ctx),
    createEnum: () => [],
    dropEnum: () => [],
    replaceEnum: (op, ctx) =>
      [...new Set(op.columns.map((c) => c.table))].flatMap((table) => rebuildTable(sq, ctx, table)),
    // No CREATE OR REPLACE VIEW in SQLite.
    createView: (op) => {
      const body = viewSql(sq, op.view);
      if (body === undefined) return [];
      const create = stmt(`CREATE VIEW ${q(op.view.name)} AS ${body}`);
      return op.orReplace ? [stmt(`DROP VIEW IF EXISTS ${q(op.view.name)}`), create] : [create];
    },
    // SQLite has no stored functions: the model keeps them for other dialects.
    createFunction: () => [],
    dropFunction: () => [],
    createTrigger: (op) => {
      const s = pick(op.trigger.sql, 'sqlite');
      return s === undefined ? [] : [stmt(s)];
    },
    dropTrigger: (op) => [stmt(`DROP TRIGGER ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.name)}`)],
    insertRows: (op) => insertRowsSql(sq, op, op.onConflict === 'error' ? 'INSERT INTO' : 'INSERT OR IGNORE INTO', ''),
  },
};
