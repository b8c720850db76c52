// What one conversion run carries from step to step, and the small helpers its parts share.

import type { EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import { dialectOf } from '../dialect/index.js';
import type { DestDialect, Encoded } from './dest/index.js';
import type { ProgressRow } from './progress.js';
import type { SourceDialect } from './source/index.js';
import type { ConvertOptions, DestRow, OnError, RejectedRow, SourceRow, ConversionStep, StepSummary } from './types.js';

export const DEFAULT_BATCH_SIZE = 10_000;
/** A step expected to load at least this many rows drops its tables' indexes first and rebuilds
 *  them at its end (./deferred-indexes.ts). */
export const DEFER_INDEXES_FROM = 50_000;
/** Rejected rows kept in the summary; all of them are recorded in the destination. */
export const SUMMARY_REJECTS = 1000;

export interface Run {
  opts: ConvertOptions;
  events: EventSink;
  onError: OnError;
  batchSize: number;
  src: SourceDialect;
  dst: DestDialect;
  progress: Map<string, ProgressRow>;
  /** The look-up connection when it is not the writer's own. */
  lookup?: Connection;
  lookupOpened: boolean;
  rejected: RejectedRow[];
  rejectedTotal: number;
  /** Index rebuilds of earlier steps still running on connections of their own
   *  (./deferred-indexes.ts): each table until its indexes are back, and each whole rebuild. */
  rebuilding: Map<string, Rebuilding>;
  aside: Promise<void>[];
}

export interface Rebuilding {
  done: Promise<void>;
  /** A unique index among them: rows repeating its key may yet be removed (or the run stop). */
  unique: boolean;
}

/** Wait until earlier steps have rebuilt the indexes of these tables (`unique`: only where rows may yet change). */
export async function settle(run: Run, tables: Iterable<string>, only: 'all' | 'unique' = 'all'): Promise<void> {
  for (const t of tables) {
    const r = run.rebuilding.get(t);
    if (r && (only === 'all' || r.unique)) await r.done;
  }
}

/** One source row, converted: its destination rows, or why it could not be. */
export interface Converted {
  row: SourceRow;
  position: number;
  out: [string, DestRow][];
  error?: string;
}

/** A batch: source rows read, converted and encoded a chunk at a time. The rows themselves are
 *  not kept (rows held for a whole batch outlive V8's young generation, and collecting them became
 *  a quarter of the run): only the encoded tables and, for each converted row, what names it and
 *  how many rows it wrote into each table. */
export interface Batch {
  /** Source rows read. */
  read: number;
  /** The last of them (where a later run resumes). */
  last: Converted;
  encoded: Map<string, Encoded>;
  /** Rows that could not be converted. */
  failed: Converted[];
  /** For each converted row, in read order: its position, */
  positions: number[];
  /** its key values (as many as the table's key has columns), */
  keys: unknown[];
  /** and how many rows it wrote into each of the step's tables (as many as step.writes). */
  counts: number[];
}

/** A step's summary before (or without) reading any row. */
export function emptySummary(
  step: ConversionStep,
  state: StepSummary['state'],
  p: ProgressRow | undefined,
): StepSummary {
  return {
    step: step.name,
    state,
    sourceTable: step.source.table,
    rowsRead: 0,
    written: {},
    skipped: 0,
    durationMs: 0,
    rowsPerSecond: 0,
    totalRead: p?.rowsRead ?? 0,
  };
}

/** A key value as messages and the rejects table show it (bytes in hex). */
export function showValue(v: unknown): string {
  if (Buffer.isBuffer(v)) return '0x' + v.toString('hex');
  return String(v);
}

/** Run `body` in one transaction of `conn`: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(conn: Connection, body: () => Promise<T>): Promise<T> {
  const d = dialectOf(conn.dialect);
  await conn.exec(d.begin);
  try {
    const r = await body();
    await conn.exec(d.commit);
    return r;
  } catch (e) {
    await conn.exec(d.rollback).catch(() => {});
    throw e;
  }
}
