// A Kamailio/SER table as its platform defines it: columns, keys, indexes, the `version` row the
// owning module checks at start-up, and that module's name (for messages). Kamailio and SER
// packs describe their tables with this shape and turn it into `op.*` calls here, once.

import type { DialectName } from '../../db/url.js';
import { Ops } from '../../schema/operations.js';
import { renderOperations } from '../../schema/render/index.js';
import { emptyModel, type Column } from '../../schema/types.js';

export interface KeySpec {
  name: string;
  columns: string[];
}

export interface TableSpec {
  name: string;
  /** The `version` row value the owning module expects. */
  version: number;
  /** Module that checks the row (usrloc, auth_db...), for messages. */
  module: string;
  columns: Column[];
  primaryKey?: string[];
  /** Named UNIQUE constraints (UNIQUE KEY on MySQL). */
  uniques?: KeySpec[];
  /** Plain indexes (KEY / CREATE INDEX); `unique` for CREATE UNIQUE INDEX. */
  indexes?: (KeySpec & { unique?: boolean })[];
  /** Dialects whose create script leaves this index out (see the pack's notes). */
  skipIndexes?: Partial<Record<DialectName, string[]>>;
}

/**
 * How a platform's generator names constraints and indexes per dialect: Kamailio's
 * db_postgres.xsl and db_sqlite.xsl prefix them with `<table>_`, db_mysql.xsl does not.
 */
export type KeyNaming = Record<DialectName, (table: string, name: string) => string>;

export const plainNames: KeyNaming = {
  postgres: (_t, n) => n,
  mysql: (_t, n) => n,
  sqlite: (_t, n) => n,
};

export interface CreateOptions {
  ifNotExists?: boolean;
  /** An auto-increment single-column key is the plain rowid (INTEGER PRIMARY KEY, no AUTOINCREMENT), as Kamailio's SQLite scripts have it. */
  plainRowidKey?: boolean;
}

/** `op.createTable` + `op.createIndex` for each table, named as the platform's scripts name them. */
export function createTables(
  op: Ops,
  dialect: DialectName,
  tables: readonly TableSpec[],
  naming: KeyNaming = plainNames,
  o: CreateOptions = {},
): void {
  const name = naming[dialect];
  for (const tb of tables) {
    const columns = o.plainRowidKey
      ? tb.columns.map((c) => (c.autoIncrement && c.primaryKey ? { ...c, autoIncrement: false } : c))
      : tb.columns;
    op.createTable(tb.name, columns, {
      primaryKey: tb.primaryKey,
      uniques: (tb.uniques ?? []).map((u) => ({ name: name(tb.name, u.name), columns: u.columns })),
      ifNotExists: o.ifNotExists,
    });
    const skip = new Set(tb.skipIndexes?.[dialect] ?? []);
    for (const ix of tb.indexes ?? []) {
      if (skip.has(ix.name)) continue;
      op.createIndex(name(tb.name, ix.name), tb.name, ix.columns, {
        ...(ix.unique ? { unique: true } : {}),
        ...(o.ifNotExists ? { ifNotExists: true } : {}),
      });
    }
  }
}

/** The `version` rows a list of tables expects: { location: 9, ... }. */
export function versionsOf(tables: readonly TableSpec[]): Record<string, number> {
  return Object.fromEntries(tables.map((tb) => [tb.name, tb.version]));
}

/** CREATE TABLE IF NOT EXISTS (+ its indexes) for one table, per dialect, as `createTables` renders it. */
export function createIfMissingSql(
  tb: TableSpec,
  dialects: readonly DialectName[],
  naming: KeyNaming = plainNames,
  options: (d: DialectName) => CreateOptions = () => ({}),
): Partial<Record<DialectName, string[]>> {
  const out: Partial<Record<DialectName, string[]>> = {};
  for (const d of dialects) {
    const op = new Ops(d);
    createTables(op, d, [tb], naming, { ...options(d), ifNotExists: true });
    out[d] = renderOperations(d, op.list, emptyModel()).statements.map((s) => s.sql);
  }
  return out;
}
