// voipdb_schema: the schema introspected after the last upgrade or downgrade that ran sets
// without a model (SQL files, a platform's SQL scripts), limited to what no set's model claims.
// `diff` and `check` compare the live schema with it, so drift is found for every kind of set.
// Its definition and every statement against it.

import type { Connection } from '../db/connection.js';
import type { Dialect } from '../dialect/index.js';
import { createOwnTable, ownTable } from '../schema/own-table.js';
import type { Model } from '../schema/types.js';

export const SCHEMA_RECORD_TABLE = 'voipdb_schema';

/** One row: the sets it was taken for, when, and the model (JSON). */
export const SCHEMA_RECORD = ownTable(
  SCHEMA_RECORD_TABLE,
  [
    { name: 'id', type: { kind: 'integer' }, nullable: false },
    { name: 'sets', type: { kind: 'text' }, nullable: false },
    { name: 'recorded_at', type: { kind: 'string', length: 32 }, nullable: false },
    { name: 'model', type: { kind: 'text', size: 'long' }, nullable: false },
  ],
  { primaryKey: ['id'], mysql: 'DEFAULT CHARSET=utf8mb4' },
);

export interface SchemaRecord {
  /** The sets without a model that stood applied when it was taken. */
  sets: string[];
  recordedAt: string;
  model: Model;
}

/** CREATE TABLE IF NOT EXISTS voipdb_schema, as the dialect's renderer spells it. */
export function schemaRecordDDL(dialect: Dialect): string {
  return createOwnTable(dialect.name, SCHEMA_RECORD);
}

export async function readSchemaRecord(conn: Connection, dialect: Dialect): Promise<SchemaRecord | undefined> {
  if (!(await dialect.tableExists(conn, SCHEMA_RECORD_TABLE))) return undefined;
  const [row] = await conn.query<{ sets: string; recorded_at: string; model: string }>(
    `SELECT sets, recorded_at, model FROM ${SCHEMA_RECORD_TABLE} WHERE id = 1`,
  );
  if (!row) return undefined;
  return { sets: JSON.parse(row.sets), recordedAt: String(row.recorded_at), model: JSON.parse(row.model) };
}

/** Replace the record, in one transaction. */
export async function writeSchemaRecord(
  conn: Connection,
  dialect: Dialect,
  sets: string[],
  model: Model,
): Promise<void> {
  // Statement by statement: an observation after the run, not a step of the plan (`voipdb sql` has none).
  await conn.execute(schemaRecordDDL(dialect));
  await conn.execute(dialect.begin);
  try {
    await conn.execute(`DELETE FROM ${SCHEMA_RECORD_TABLE} WHERE id = 1`);
    await conn.execute(`INSERT INTO ${SCHEMA_RECORD_TABLE} (id, sets, recorded_at, model) VALUES (1, ?, ?, ?)`, [
      JSON.stringify(sets),
      new Date().toISOString(),
      JSON.stringify(model),
    ]);
    await conn.execute(dialect.commit);
  } catch (e) {
    await conn.execute(dialect.rollback).catch(() => {});
    throw e;
  }
}
