// The `op` Asterisk's revisions are written with: voipdb's Ops plus the few things alembic
// spells its own way, so that each revision reads like its alembic original and leaves the
// same schema on every dialect.

import type { DialectName } from '../../db/url.js';
import { Ops, type Operation } from '../../schema/operations.js';
import type { ColumnType } from '../../schema/types.js';

/** The arguments of alembic's op.alter_column that Asterisk's scripts use. */
export interface AlembicAlter {
  type?: ColumnType;
  /** postgresql_using */
  using?: string;
  nullable?: boolean;
  existingType?: ColumnType;
  existingNullable?: boolean;
  /** new_column_name */
  newName?: string;
  autoincrement?: boolean;
}

/**
 * What nullability alembic states when it alters a column. PostgreSQL changes only what it is
 * told. MySQL's MODIFY restates the whole column, and alembic writes NULL there unless told
 * `nullable` or `existing_nullable`: a NOT NULL column altered without them becomes nullable.
 */
const statedNullable: Record<DialectName, (a: AlembicAlter) => boolean | undefined> = {
  postgres: (a) => a.nullable,
  sqlite: (a) => a.nullable,
  mysql: (a) => a.nullable ?? a.existingNullable ?? true,
};

/** alembic states `autoincrement` on MySQL only (restating AUTO_INCREMENT); the others ignore it. */
const statedAutoIncrement: Record<DialectName, (a: AlembicAlter) => boolean | undefined> = {
  postgres: () => undefined,
  sqlite: () => undefined,
  mysql: (a) => a.autoincrement,
};

export class AsteriskOps extends Ops {
  /** Raw SQL operations and the table each touches (so excluded modules skip them). */
  readonly sqlTables = new Map<Operation, string>();

  /** alembic's op.alter_column, as alembic renders it for this dialect. */
  alter(table: string, column: string, a: AlembicAlter): this {
    const nullable = statedNullable[this.dialect](a);
    const autoIncrement = statedAutoIncrement[this.dialect](a);
    if (a.type || nullable !== undefined || autoIncrement !== undefined) {
      this.alterColumn(table, column, {
        ...(a.type ? { type: a.type } : {}),
        ...(autoIncrement !== undefined ? { autoIncrement } : {}),
        ...(a.using ? { using: a.using } : {}),
        ...(nullable !== undefined ? { nullable } : {}),
        ...(a.existingType ? { existingType: a.existingType } : {}),
        ...(a.existingNullable !== undefined ? { existingNullable: a.existingNullable } : {}),
      });
    }
    if (a.newName) this.renameColumn(table, column, a.newName);
    return this;
  }

  /** CREATE TYPE for an enum column type (`sa.Enum(...).create(bind)`); nothing where enums are inline. */
  createEnumFor(type: ColumnType): this {
    if (type.kind !== 'enum') throw new Error(`createEnumFor: ${type.kind} is not an enum type`);
    return this.createEnum(type.name, [...type.values]);
  }

  /**
   * Asterisk's way to change an enum column. PostgreSQL: CREATE TYPE `to` (a `_v2`/`_v3` name,
   * or the same name with the old type moved aside first), ALTER each column TYPE `to` USING
   * col::text::to, DROP the old type. MySQL: each column's inline ENUM restated.
   */
  replaceEnumType(from: string, to: ColumnType, columns: [table: string, column: string][]): this {
    if (to.kind !== 'enum') throw new Error(`replaceEnumType: ${to.kind} is not an enum type`);
    return this.replaceEnum(
      from,
      to.name,
      [...to.values],
      columns.map(([table, column]) => ({ table, column })),
    );
  }

  /** Raw SQL that reads or writes `table` (op.execute in the alembic script). */
  sqlOn(table: string, sql: Parameters<Ops['sql']>[0]): this {
    this.sql(sql);
    this.sqlTables.set(this.list[this.list.length - 1]!, table);
    return this;
  }
}
