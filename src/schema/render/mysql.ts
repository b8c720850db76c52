// MySQL / MariaDB: inline ENUM, AUTO_INCREMENT, MODIFY restating the whole column, prefix
// lengths on indexes. DDL commits implicitly here, so every statement stands alone.

import { VoipdbError } from '../../core/errors.js';
import { columnOf, indexesOf } from '../apply.js';
import type { Column, ColumnType } from '../types.js';
import {
  checkClause,
  commonOps,
  createTableSql,
  defaultSql,
  fkClause,
  indexColumns,
  insertRowsSql,
  pick,
  pkClause,
  stmt,
  uniqueClause,
  viewSql,
  type DialectRenderer,
  type RenderContext,
  type Statement,
} from './common.js';
import { mysql } from '../../dialect/mysql.js';

const q = mysql.ident;
const str = mysql.string;

/** MySQL picks the BLOB size from the length asked for, as the server reports it back. */
export function mysqlBlobFor(length: number | undefined): string {
  if (length === undefined) return 'BLOB';
  if (length <= 255) return 'TINYBLOB';
  if (length <= 65535) return 'BLOB';
  if (length <= 16777215) return 'MEDIUMBLOB';
  return 'LONGBLOB';
}

const TEXT_SIZE = { tiny: 'TINYTEXT', medium: 'MEDIUMTEXT', long: 'LONGTEXT' } as const;

function typeSql(ty: ColumnType, c?: Column): string {
  const u = (s: string) => ('unsigned' in ty && ty.unsigned ? `${s} UNSIGNED` : s);
  switch (ty.kind) {
    case 'integer':
      return u('INT');
    case 'smallint':
      return u('SMALLINT');
    case 'tinyint':
      return u('TINYINT');
    case 'bigint':
      return u('BIGINT');
    case 'boolean':
      return 'BOOL';
    // MySQL needs a length; 255 is what SQLAlchemy users get from String() with MySQL's limits.
    case 'string':
      return `VARCHAR(${ty.length ?? 255})`;
    case 'char':
      return `CHAR(${ty.length})`;
    case 'text':
      return ty.size ? TEXT_SIZE[ty.size] : 'TEXT';
    case 'float':
      return ty.precision !== undefined ? `FLOAT(${ty.precision})` : 'FLOAT';
    case 'real':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'numeric':
      return ty.precision !== undefined
        ? `DECIMAL(${ty.precision}${ty.scale !== undefined ? ', ' + ty.scale : ''})`
        : 'DECIMAL';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'datetime':
      return 'DATETIME';
    case 'json':
    case 'jsonb':
      return 'JSON';
    case 'uuid':
      return 'CHAR(36)';
    case 'binary':
      return ty.length ? `VARBINARY(${ty.length})` : 'BLOB';
    case 'blob':
      return ty.length !== undefined ? `BLOB(${ty.length})` : 'BLOB';
    case 'inet':
      return 'VARCHAR(45)';
    case 'enum':
      return `ENUM(${ty.values.map(str).join(', ')})`;
    case 'custom': {
      const s = pick(ty.sql, 'mysql');
      if (!s)
        throw new VoipdbError('usage', `custom column type has no MySQL spelling${c ? ` (column ${c.name})` : ''}`, {
          hint: "give t.custom({ mysql: '...' }) or a default",
        });
      return s;
    }
  }
}

function columnDef(c: Column): string {
  let s = `${q(c.name)} ${typeSql(c.type, c)}`;
  if (c.nullable === false) s += ' NOT NULL';
  // TIMESTAMP columns are NOT NULL unless told otherwise when explicit_defaults_for_timestamp is off.
  else if (c.type.kind === 'timestamp') s += ' NULL';
  const def = defaultSql(my, c.default);
  if (def !== undefined) s += ` DEFAULT ${def}`;
  if (c.autoIncrement) s += ' AUTO_INCREMENT';
  if (c.comment) s += ` COMMENT ${str(c.comment)}`;
  return s;
}

const alter = (table: string, action: string) => stmt(`ALTER TABLE ${q(table)} ${action}`);

/** The whole column as MODIFY must restate it: from the model, else from the op's existing* fields. */
function modifyColumn(table: string, c: Column): Statement {
  return alter(table, `MODIFY ${columnDef(c)}`);
}

/**
 * MySQL made an index named after the foreign key when no index began with its columns, and
 * keeps it when the key is dropped: drop it too, so the table matches the model.
 */
function dropForeignKey(table: string, name: string, ctx: RenderContext): Statement[] {
  const out = [alter(table, `DROP FOREIGN KEY ${q(name)}`)];
  const t = ctx.before.tables[table];
  const fk = t?.foreignKeys.find((f) => f.name === name);
  if (!t || !fk) return out;
  const starts = (cols: string[]) => fk.columns.every((c, i) => cols[i] === c);
  const covered =
    (t.primaryKey && starts(t.primaryKey.columns)) ||
    t.uniques.some((u) => starts(u.columns)) ||
    indexesOf(ctx.before, table).some((i) => starts(i.columns));
  if (!covered) out.push(alter(table, `DROP INDEX ${q(name)}`));
  return out;
}

export const my: DialectRenderer = {
  name: 'mysql',
  q,
  str: mysql.string,
  bool: mysql.bool,
  bytes: mysql.bytes,
  value: mysql.literal,
  typeSql,
  columnDef,
  // A body with semicolons inside (trigger, routine) needs another delimiter for the mysql client.
  ops: {
    ...commonOps(() => my),
    createTable: (op, ctx) => {
      const t = ctx.after.tables[op.table]!;
      return [stmt(createTableSql(my, t, { ifNotExists: op.ifNotExists, suffix: pick(t.options, 'mysql') }))];
    },
    dropTable: (op) => [stmt(`DROP TABLE ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.table)}`)],
    // An AUTO_INCREMENT column must be a key in the statement that adds it (addPrimaryKey then has nothing to do).
    addColumn: (op) => [
      alter(
        op.table,
        `ADD COLUMN ${columnDef({ ...op.column, nullable: op.column.nullable ?? true })}${op.first ? ' FIRST' : op.after ? ` AFTER ${q(op.after)}` : ''}${op.column.autoIncrement ? `, ADD PRIMARY KEY (${q(op.column.name)})` : ''}`,
      ),
    ],
    dropColumn: (op) => [alter(op.table, `DROP COLUMN ${q(op.column)}`)],
    alterColumn: (op, ctx) => {
      if (op.type === undefined && op.nullable === undefined && op.autoIncrement === undefined) {
        const d = op.default === null ? undefined : defaultSql(my, op.default);
        return [
          alter(op.table, `ALTER COLUMN ${q(op.column)} ${d === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${d}`}`),
        ];
      }
      let c = columnOf(ctx.after, op.table, op.column);
      if (!c) {
        const type = op.type ?? op.existingType;
        if (!type) {
          throw new VoipdbError(
            'usage',
            `alterColumn ${op.table}.${op.column}: MySQL restates the whole column, and its type is unknown`,
            {
              hint: 'give existingType (and existingNullable / existingDefault) in op.alterColumn',
            },
          );
        }
        const def = op.default === null ? undefined : (op.default ?? op.existingDefault);
        c = {
          name: op.column,
          type,
          nullable: op.nullable ?? op.existingNullable ?? true,
          ...(def ? { default: def } : {}),
        };
      }
      return [modifyColumn(op.table, c)];
    },
    // MySQL has no partial indexes and no CONCURRENTLY: the predicate and the flag are PostgreSQL/SQLite only.
    createIndex: (op) => {
      const i = op.index;
      return [
        stmt(
          `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${op.ifNotExists ? 'IF NOT EXISTS ' : ''}${q(i.name)} ON ${q(i.table)} (${indexColumns(my, i, true)})`,
        ),
      ];
    },
    dropIndex: (op) => [stmt(`DROP INDEX ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.name)} ON ${q(op.table)}`)],
    // MySQL's primary key is always named PRIMARY.
    addPrimaryKey: (op, ctx) => {
      const t = ctx.before.tables[op.table];
      const added =
        op.primaryKey.columns.length === 1 &&
        !t?.primaryKey &&
        t?.columns.find((c) => c.name === op.primaryKey.columns[0])?.autoIncrement;
      return added ? [] : [alter(op.table, `ADD ${pkClause(my, op.primaryKey, false)}`)];
    },
    dropPrimaryKey: (op) => [alter(op.table, 'DROP PRIMARY KEY')],
    addUnique: (op) => [alter(op.table, `ADD ${uniqueClause(my, op.unique)}`)],
    addForeignKey: (op) => [alter(op.table, `ADD ${fkClause(my, op.foreignKey)}`)],
    addCheck: (op) => [alter(op.table, `ADD ${checkClause(my, op.check)}`)],
    dropConstraint: (op, ctx) => {
      if (op.kind === 'foreignkey') return dropForeignKey(op.table, op.name, ctx);
      const action = {
        primary: 'DROP PRIMARY KEY',
        unique: `DROP INDEX ${q(op.name)}`,
        foreignkey: `DROP FOREIGN KEY ${q(op.name)}`,
        check: `DROP CONSTRAINT ${q(op.name)}`,
      }[op.kind];
      return [alter(op.table, action)];
    },
    // Enums are inline on MySQL: the model keeps the type, nothing to run.
    createEnum: () => [],
    dropEnum: () => [],
    replaceEnum: (op, ctx) =>
      op.columns.map((ref) => {
        const c = columnOf(ctx.after, ref.table, ref.column) ?? {
          name: ref.column,
          type: { kind: 'enum', name: op.newName, values: op.values },
          nullable: true,
          ...(ref.default ? { default: ref.default } : {}),
        };
        return modifyColumn(ref.table, c);
      }),
    createView: (op) => {
      const body = viewSql(my, op.view);
      return body === undefined
        ? []
        : [stmt(`CREATE ${op.orReplace ? 'OR REPLACE ' : ''}VIEW ${q(op.view.name)} AS ${body}`)];
    },
    createFunction: (op) => {
      const s = pick(op.fn.sql, 'mysql');
      return s === undefined ? [] : [stmt(s)];
    },
    dropFunction: (op, ctx) => {
      const body = ctx.before.functions[op.name]?.sql.mysql ?? '';
      const kind = /^\s*CREATE\s+(?:DEFINER\s*=\s*\S+\s+)?PROCEDURE\b/i.test(body) ? 'PROCEDURE' : 'FUNCTION';
      return [stmt(`DROP ${kind} ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.name)}`)];
    },
    createTrigger: (op) => {
      const s = pick(op.trigger.sql, 'mysql');
      return s === undefined ? [] : [stmt(s)];
    },
    dropTrigger: (op) => [stmt(`DROP TRIGGER ${op.ifExists ? 'IF EXISTS ' : ''}${q(op.name)}`)],
    insertRows: (op) => insertRowsSql(my, op, op.onConflict === 'error' ? 'INSERT INTO' : 'INSERT IGNORE INTO', ''),
  },
};
