// Per-step progress, kept in the destination and written in the same transaction as each batch:
// after a kill, what is committed and what the progress row says are the same thing. The
// progress table's definition and every statement against it live here.

import { createHash } from 'node:crypto';
import { VoipdbError } from '../core/errors.js';
import type { Connection } from '../db/connection.js';
import { dialectOf } from '../dialect/index.js';
import { createOwnTable, ownTable } from '../schema/own-table.js';
import type { Column } from '../schema/types.js';
import type { DeferredIndex } from './dest/index.js';

export const PROGRESS_TABLE = 'voipdb_convert_progress';

const text = (name: string): Column => ({ name, type: { kind: 'text' } });
const count = (name: string): Column => ({ name, type: { kind: 'bigint' }, nullable: false, default: { value: 0 } });
// ISO strings written by voipdb, not the server's clock.
const at = (name: string): Column => ({ name, type: { kind: 'string', length: 32 } });

export const PROGRESS = ownTable(
  PROGRESS_TABLE,
  [
    { name: 'converter', type: { kind: 'string', length: 64 }, nullable: false },
    { name: 'step', type: { kind: 'string', length: 64 }, nullable: false },
    { name: 'state', type: { kind: 'string', length: 16 }, nullable: false },
    text('last_key'),
    count('rows_read'),
    count('rows_written'),
    count('rows_skipped'),
    text('deferred_indexes'),
    at('started_at'),
    at('updated_at'),
  ],
  { primaryKey: ['converter', 'step'], mysql: 'DEFAULT CHARSET=utf8mb4' },
);

export type ProgressState = 'pending' | 'running' | 'done' | 'no-source';

/** Where a step stands: after a key (tables with one) or after a position in scan order. */
export type ResumePoint = { key: unknown[] } | { pos: number; fp: string };

export interface ProgressRow {
  step: string;
  state: ProgressState;
  resume?: ResumePoint;
  rowsRead: number;
  rowsWritten: number;
  rowsSkipped: number;
  /** Indexes dropped for the step's bulk load, recreated when it ends (recorded before dropping). */
  deferred?: DeferredIndex[];
}

const now = () => new Date().toISOString();

// Buffers survive the JSON round trip as {"$hex": "..."}.
export function encodeResume(r: ResumePoint): string {
  return JSON.stringify(r, (_k, v) =>
    v && typeof v === 'object' && v.type === 'Buffer' && Array.isArray(v.data)
      ? { $hex: Buffer.from(v.data).toString('hex') }
      : v,
  );
}

export function decodeResume(text: string | null | undefined): ResumePoint | undefined {
  if (!text) return undefined;
  return JSON.parse(text, (_k, v) =>
    v && typeof v === 'object' && typeof v.$hex === 'string' ? Buffer.from(v.$hex, 'hex') : v,
  );
}

/** A row's identity for scan-order tables: a resumed run checks the source still reads the same. */
export function fingerprint(values: unknown[]): string {
  return createHash('sha1')
    .update(encodeResume({ key: values }))
    .digest('hex');
}

export async function ensureProgress(conn: Connection): Promise<void> {
  await conn.exec(createOwnTable(conn.dialect, PROGRESS));
}

/** The progress a conversion recorded in this destination before (none: an empty map). */
export async function recordedProgress(conn: Connection, converter: string): Promise<Map<string, ProgressRow>> {
  if (!(await dialectOf(conn.dialect).tableExists(conn, PROGRESS_TABLE))) return new Map();
  return readProgress(conn, converter);
}

export async function readProgress(conn: Connection, converter: string): Promise<Map<string, ProgressRow>> {
  const rows = await conn.query<Record<string, unknown>>(
    `SELECT step, state, last_key, rows_read, rows_written, rows_skipped, deferred_indexes FROM ${PROGRESS_TABLE} WHERE converter = ?`,
    [converter],
  );
  const out = new Map<string, ProgressRow>();
  for (const r of rows) {
    out.set(String(r.step), {
      step: String(r.step),
      state: String(r.state) as ProgressState,
      resume: decodeResume(r.last_key as string | null),
      rowsRead: Number(r.rows_read),
      rowsWritten: Number(r.rows_written),
      rowsSkipped: Number(r.rows_skipped),
      deferred: r.deferred_indexes ? (JSON.parse(String(r.deferred_indexes)) as DeferredIndex[]) : undefined,
    });
  }
  return out;
}

export async function addSteps(
  conn: Connection,
  converter: string,
  steps: string[],
  known: Map<string, ProgressRow>,
  isDataError: (e: unknown) => boolean,
): Promise<void> {
  for (const step of steps) {
    if (known.has(step)) continue;
    try {
      await conn.execute(
        `INSERT INTO ${PROGRESS_TABLE} (converter, step, state, rows_read, rows_written, rows_skipped, started_at, updated_at) VALUES (?, ?, 'pending', 0, 0, 0, ?, ?)`,
        [converter, step, now(), now()],
      );
    } catch (e) {
      if (!isDataError(e)) throw e;
      throw new VoipdbError('refused', `another conversion started on this destination at the same time`, {
        where: conn.target.display,
        hint: 'let the other run finish (or stop it), then run the command again: it resumes where the progress record stands',
      });
    }
    known.set(step, { step, state: 'pending', rowsRead: 0, rowsWritten: 0, rowsSkipped: 0 });
  }
}

/** Move a step forward, only from where this run believes it stands: a second run writing the
 *  same destination at the same time finds the row moved and stops instead of duplicating rows. */
export async function advance(conn: Connection, converter: string, from: ProgressRow, to: ProgressRow): Promise<void> {
  const n = await conn.execute(
    `UPDATE ${PROGRESS_TABLE} SET state = ?, last_key = ?, rows_read = ?, rows_written = ?, rows_skipped = ?, deferred_indexes = ?, updated_at = ?
      WHERE converter = ? AND step = ? AND rows_read = ? AND state = ?`,
    [
      to.state,
      to.resume ? encodeResume(to.resume) : null,
      to.rowsRead,
      to.rowsWritten,
      to.rowsSkipped,
      to.deferred?.length ? JSON.stringify(to.deferred) : null,
      now(),
      converter,
      from.step,
      from.rowsRead,
      from.state,
    ],
  );
  if (n !== 1) {
    throw new VoipdbError(
      'refused',
      `another conversion is writing step "${from.step}" of this destination at the same time`,
      {
        where: conn.target.display,
        hint: 'let the other run finish (or stop it), then run the command again: it resumes where the progress record stands',
      },
    );
  }
}
