// Rows a conversion skipped (--on-error skip), each with its key and the reason, kept in the
// destination beside the progress. The table's definition and every statement against it.

import type { Connection } from '../db/connection.js';
import { createOwnTable, ownTable } from '../schema/own-table.js';

export const REJECTS_TABLE = 'voipdb_convert_rejects';

export const REJECTS = ownTable(
  REJECTS_TABLE,
  [
    { name: 'converter', type: { kind: 'string', length: 64 }, nullable: false },
    { name: 'step', type: { kind: 'string', length: 64 }, nullable: false },
    { name: 'row_key', type: { kind: 'text' }, nullable: false },
    { name: 'reason', type: { kind: 'text' }, nullable: false },
    { name: 'recorded_at', type: { kind: 'string', length: 32 }, nullable: false },
  ],
  { mysql: 'DEFAULT CHARSET=utf8mb4' },
);

export async function ensureRejects(conn: Connection): Promise<void> {
  await conn.exec(createOwnTable(conn.dialect, REJECTS));
}

export async function recordRejects(
  conn: Connection,
  converter: string,
  step: string,
  rows: { key: string; reason: string }[],
): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await conn.execute(
      `INSERT INTO ${REJECTS_TABLE} (converter, step, row_key, reason, recorded_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((r) => [converter, step, r.key, r.reason, at]),
    );
  }
}
