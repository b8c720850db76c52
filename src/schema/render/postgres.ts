// PostgreSQL: native enums (CREATE TYPE), serial keys, transactional DDL, CONCURRENTLY indexes.

import { VoipdbError } from '../../core/errors.js';
import { columnOf } from '../apply.js';
import type { Column, ColumnType, DefaultValue } from '../types.js';
import {
  checkClause,
  cols,
  commonOps,
  createTableSql,
  defaultSql,
  enumCheck,
  enumLength,
  fkClause,
  indexColumns,
  insertRowsSql,
  pick,
  pkClause,
  refuseAutoIncrement,
  stmt,
  uniqueClause,
  viewSql,
  type DialectRenderer,
  type Statement,
} from './common.js';
import { postgres } from '../../dialect/postgres.js';

const q = postgres.ident;

const SERIAL: Partial<Record<ColumnType['kind'], string>> = {
  integer: 'SERIAL',
  smallint: 'SMALLSERIAL',
  tinyint: 'SMALLSERIAL',
  bigint: 'BIGSERIAL',
};

function typeSql(ty: ColumnType, c?: Column): string {
  if (c?.autoIncrement && SERIAL[ty.kind]) return SERIAL[ty.kind]!;
  switch (ty.kind) {
    case 'integer':
      return 'INTEGER';
    case 'smallint':
    case 'tinyint':
      return 'SMALLINT';
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
      return ty.precision !== undefined ? `FLOAT(${ty.precision})` : 'FLOAT';
    case 'real':
      return 'REAL';
    case 'double':
      return 'DOUBLE PRECISION';
    case 'numeric':
      return ty.precision !== undefined
        ? `NUMERIC(${ty.precision}${ty.scale !== undefined ? ', ' + ty.scale : ''})`
        : 'NUMERIC';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME WITHOUT TIME ZONE';
    case 'timestamp':
      return ty.withTimeZone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP WITHOUT TIME ZONE';
    case 'datetime':
      return 'TIMESTAMP WITHOUT TIME ZONE';
    case 'json':
      return 'JSON';
    case 'jsonb':
      return 'JSONB';
    case 'uuid':
      return 'UUID';
    case 'binary':
    case 'blob':
      return 'BYTEA';
    case 'inet':
      return 'INET';
    case 'enum':
      return ty.native === false ? `VARCHAR(${enumLength(ty.values)})` : q(ty.name);
    case 'custom': {
      const s = pick(ty.sql, 'postgres');
      if (!s)
        throw new VoipdbError(
          'usage',
          `custom column type has no PostgreSQL spelling${c ? ` (column ${c.name})` : ''}`,
          { hint: "give t.custom({ postgres: '...' }) or a default" },
        );
      return s;
    }
  }
}

function columnDef(c: Column): string {
  let s = `${q(c.name)} ${typeSql(c.type, c)}`;
  if (c.nullable === false) s += ' NOT NULL';
  const def = c.autoIncrement ? undefined : defaultSql(pg, c.default);
  if (def !== undefined) s += ` DEFAULT ${def}`;
  if (c.type.kind === 'enum' && c.type.native === false) s += ' ' + enumCheck(pg, c.name, c.type.values);
  return s;
}

const alter = (table: string, action: string) => stmt(`ALTER TABLE ${q(table)} ${action}`);

function commentStatements(table: string, columns: Column[]): Statement[] {
  return columns
    .filter((c) => c.comment)
    .map((c) => stmt(`COMMENT ON COLUMN ${q(table)}.${q(c.name)} IS ${pg.str(c.comment!)}`));
}

/** Change a column's type; a default that cannot be cast is dropped first and set again after. */
function retype(
  table: string,
  column: string,
  type: ColumnType,
  using: string | undefined,
  def: DefaultValue | undefined,
  col?: Column,
): Statement[] {
  const out: Statement[] = [];
  const d = defaultSql(pg, def);
  if (d !== undefined) out.push(alter(table, `ALTER COLUMN ${q(column)} DROP DEFAULT`));
  const u =
    using ?? (type.kind === 'enum' && type.native !== false ? `${q(column)}::text::${q(type.name)}` : undefined);
  out.push(
    alter(
      table,
      `ALTER COLUMN ${q(column)} TYPE ${typeSql(type, col && { ...col, autoIncrement: false })}${u ? ` USING ${u}` : ''}`,
    ),
  );
  if (d !== undefined) out.push(alter(table, `ALTER COLUMN ${q(column)} SET DEFAULT ${d}`));
  return out;
}

export const pg: DialectRenderer = {
  name: 'postgres',
  q,
  str: postgres.string,
  bool: postgres.bool,
  bytes: postgres.bytes,
  value: postgres.literal,
  typeSql,
  columnDef,
  ops: {
    ...commonOps(() => pg),
    createTable: (op, ctx) => {
      const t = ctx.after.tables[op.table]!;
      return [stmt(createTableSql(pg, t, { ifNotExists: op.ifNotExists })), ...commentStatements(t.name, t.columns)];
    },
    dropTable: (op) => [stmt(`DROP TABLE ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.table)}`)],
    addColumn: (op) => [
      alter(op.table, `ADD COLUMN ${columnDef({ ...op.column, nullable: op.column.nullable ?? true })}`),
      ...commentStatements(op.table, [op.column]),
    ],
    dropColumn: (op) => [alter(op.table, `DROP COLUMN ${q(op.column)}`)],
    alterColumn: (op, ctx) => {
      refuseAutoIncrement(op);
      const out: Statement[] = [];
      const after = columnOf(ctx.after, op.table, op.column);
      if (op.type) {
        // The default in force while the type changes: the new one if given, else the current one.
        const def = op.default === undefined ? (after?.default ?? op.existingDefault) : undefined;
        out.push(...retype(op.table, op.column, op.type, op.using, def, after));
      }
      if (op.nullable !== undefined)
        out.push(alter(op.table, `ALTER COLUMN ${q(op.column)} ${op.nullable ? 'DROP' : 'SET'} NOT NULL`));
      if (op.default === null) out.push(alter(op.table, `ALTER COLUMN ${q(op.column)} DROP DEFAULT`));
      else if (op.default !== undefined) {
        const d = defaultSql(pg, op.default);
        out.push(
          alter(
            op.table,
            d === undefined
              ? `ALTER COLUMN ${q(op.column)} DROP DEFAULT`
              : `ALTER COLUMN ${q(op.column)} SET DEFAULT ${d}`,
          ),
        );
      }
      return out;
    },
    createIndex: (op) => {
      const i = op.index;
      const sql =
        `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}${op.ifNotExists ? 'IF NOT EXISTS ' : ''}${q(i.name)} ` +
        `ON ${q(i.table)}${i.using ? ` USING ${i.using}` : ''} (${indexColumns(pg, i, false)})${i.where ? ` WHERE ${i.where}` : ''}`;
      return [stmt(sql, !op.concurrently)];
    },
    dropIndex: (op) => [
      stmt(
        `DROP INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}${op.ifExists ? 'IF EXISTS ' : ''}${q(op.name)}`,
        !op.concurrently,
      ),
    ],
    addPrimaryKey: (op) => [alter(op.table, `ADD ${pkClause(pg, op.primaryKey)}`)],
    // PostgreSQL names an unnamed primary key <table>_pkey.
    dropPrimaryKey: (op) => [alter(op.table, `DROP CONSTRAINT ${q(op.name ?? `${op.table}_pkey`)}`)],
    addUnique: (op) => [alter(op.table, `ADD ${uniqueClause(pg, op.unique)}`)],
    addForeignKey: (op) => [alter(op.table, `ADD ${fkClause(pg, op.foreignKey)}`)],
    addCheck: (op) => [alter(op.table, `ADD ${checkClause(pg, op.check)}`)],
    dropConstraint: (op) => [alter(op.table, `DROP CONSTRAINT ${q(op.name)}`)],
    createEnum: (op) => [stmt(`CREATE TYPE ${q(op.name)} AS ENUM (${op.values.map((v) => pg.str(v)).join(', ')})`)],
    dropEnum: (op) => [stmt(`DROP TYPE ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.name)}`)],
    replaceEnum: (op, ctx) => {
      const out: Statement[] = [];
      // Replacing a type under its own name: move the old one aside first.
      const old = op.newName === op.name ? `${op.name}_old` : op.name;
      if (old !== op.name) out.push(stmt(`ALTER TYPE ${q(op.name)} RENAME TO ${q(old)}`));
      out.push(stmt(`CREATE TYPE ${q(op.newName)} AS ENUM (${op.values.map((v) => pg.str(v)).join(', ')})`));
      for (const ref of op.columns) {
        const before = columnOf(ctx.before, ref.table, ref.column);
        const newType: ColumnType = { kind: 'enum', name: op.newName, values: op.values };
        const def = ref.default ?? before?.default;
        out.push(...retype(ref.table, ref.column, newType, undefined, def));
      }
      if (op.dropOld !== false || old !== op.name) out.push(stmt(`DROP TYPE ${q(old)}`));
      return out;
    },
    createView: (op) => {
      const body = viewSql(pg, op.view);
      return body === undefined
        ? []
        : [stmt(`CREATE ${op.orReplace ? 'OR REPLACE ' : ''}VIEW ${q(op.view.name)} AS ${body}`)];
    },
    createFunction: (op) => {
      const s = pick(op.fn.sql, 'postgres');
      return s === undefined ? [] : [stmt(s)];
    },
    dropFunction: (op, ctx) => {
      const sig = op.signature ?? ctx.before.functions[op.name]?.signature;
      return [stmt(`DROP FUNCTION ${op.ifExists ? 'IF EXISTS ' : ''}${sig ?? q(op.name)}`)];
    },
    createTrigger: (op) => {
      const s = pick(op.trigger.sql, 'postgres');
      return s === undefined ? [] : [stmt(s)];
    },
    dropTrigger: (op) => [stmt(`DROP TRIGGER ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.name)} ON ${q(op.table)}`)],
    insertRows: (op) => {
      const target = op.conflictColumns?.length ? ` (${cols(pg, op.conflictColumns)})` : '';
      return insertRowsSql(pg, op, 'INSERT INTO', op.onConflict === 'error' ? '' : `\nON CONFLICT${target} DO NOTHING`);
    },
  },
};
