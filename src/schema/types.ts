// The schema model: what a database holds, independent of dialect. Operations change it,
// dialect renderers spell it as DDL, introspection reads it back from a live database,
// and diff compares two of them.

import type { DialectName } from '../db/url.js';

export type ColumnType =
  | { kind: 'integer'; unsigned?: boolean }
  | { kind: 'smallint'; unsigned?: boolean }
  | { kind: 'bigint'; unsigned?: boolean }
  | { kind: 'tinyint'; unsigned?: boolean }
  | { kind: 'boolean' }
  | { kind: 'string'; length?: number }
  | { kind: 'char'; length: number }
  | { kind: 'text'; size?: 'tiny' | 'medium' | 'long' }
  | { kind: 'float'; precision?: number }
  | { kind: 'real' }
  | { kind: 'double' }
  | { kind: 'numeric'; precision?: number; scale?: number }
  | { kind: 'date' }
  | { kind: 'time' }
  | { kind: 'timestamp'; withTimeZone?: boolean }
  /** MySQL DATETIME; TIMESTAMP WITHOUT TIME ZONE elsewhere. */
  | { kind: 'datetime' }
  | { kind: 'json' }
  | { kind: 'jsonb' }
  | { kind: 'uuid' }
  | { kind: 'binary'; length?: number }
  /** Large binary: BYTEA, BLOB / BLOB(n) (MySQL picks TINY/MEDIUM/LONGBLOB from n), BLOB. */
  | { kind: 'blob'; length?: number }
  | { kind: 'inet' }
  /** Named enum: CREATE TYPE on PostgreSQL (native), inline ENUM on MySQL, CHECK on SQLite. */
  | { kind: 'enum'; name: string; values: readonly string[]; native?: boolean }
  /** Spelled per dialect, for what the portable kinds cannot say (e.g. Kamailio's INT(10) UNSIGNED). */
  | { kind: 'custom'; sql: Partial<Record<DialectName, string>> & { default?: string } };

export type DefaultValue =
  | { value: string | number | boolean | null }
  /** An SQL expression, optionally per dialect: CURRENT_TIMESTAMP, now(), nextval(...). */
  | { expr: string | (Partial<Record<DialectName, string>> & { default?: string }) };

export interface Column {
  name: string;
  type: ColumnType;
  /** Defaults to true, as in SQL. */
  nullable?: boolean;
  default?: DefaultValue;
  /** serial / AUTO_INCREMENT / INTEGER PRIMARY KEY AUTOINCREMENT. */
  autoIncrement?: boolean;
  /** Shorthand for a one-column primary key declared on the column. */
  primaryKey?: boolean;
  /** Shorthand for a one-column unique constraint declared on the column. */
  unique?: boolean;
  comment?: string;
}

export interface PrimaryKey {
  name?: string;
  columns: string[];
}

export interface UniqueConstraint {
  name?: string;
  columns: string[];
}

export type ReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

export interface ForeignKey {
  name?: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

export interface CheckConstraint {
  name?: string;
  expression: string;
}

export interface Index {
  name: string;
  table: string;
  columns: string[];
  unique?: boolean;
  /** PostgreSQL and SQLite partial index predicate. */
  where?: string;
  /** MySQL prefix lengths per column, e.g. { contact: 255 }. */
  lengths?: Record<string, number>;
  /** PostgreSQL index method (btree, gin, ...). */
  using?: string;
}

export interface Table {
  name: string;
  columns: Column[];
  primaryKey?: PrimaryKey;
  uniques: UniqueConstraint[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  /** MySQL table options (ENGINE, CHARSET) as the platform's scripts set them. */
  options?: Partial<Record<DialectName, string>>;
}

export interface EnumType {
  name: string;
  values: string[];
}

export interface View {
  name: string;
  /** The SELECT, optionally per dialect. */
  sql: string | Partial<Record<DialectName, string>>;
}

export interface Trigger {
  name: string;
  table: string;
  /** Full CREATE TRIGGER statement per dialect (a trigger's body is dialect code). */
  sql: Partial<Record<DialectName, string>>;
}

export interface RoutineFn {
  name: string;
  /** Full CREATE FUNCTION / PROCEDURE statement per dialect. */
  sql: Partial<Record<DialectName, string>>;
  /** Signature used to drop it on PostgreSQL, e.g. "fn_db_add_column(varchar, varchar, text)". */
  signature?: string;
}

export interface Model {
  tables: Record<string, Table>;
  indexes: Record<string, Index>;
  enums: Record<string, EnumType>;
  views: Record<string, View>;
  triggers: Record<string, Trigger>;
  functions: Record<string, RoutineFn>;
}

export function emptyModel(): Model {
  return { tables: {}, indexes: {}, enums: {}, views: {}, triggers: {}, functions: {} };
}

/** Naming conventions for constraints and indexes a migration leaves unnamed (alembic's naming_convention). */
export interface NamingConvention {
  pk?: string; // e.g. 'pk_%(table_name)s'
  uq?: string;
  ix?: string;
  fk?: string;
  ck?: string;
}
