// The conversion engine's vocabulary: a converter is an ordered list of steps; each step streams
// one source table and turns every source row into zero or more destination rows.

import type { EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { ScriptSet } from '../engine/types.js';

export type SourceRow = Record<string, unknown>;
export type DestRow = Record<string, unknown>;

/** A destination table a step writes, with the columns it fills. */
export interface DestTable {
  name: string;
  columns: string[];
  /** An auto-increment column the step fills with explicit values (its sequence is moved past them at the end). */
  serial?: string;
}

/** What a step can use while converting: the destination (for look-ups) and the run's log. */
export interface StepContext {
  /** A destination connection apart from the writer's, for look-ups (reads committed rows of earlier steps). */
  lookup: Connection;
  /** `column` equal to any of `values`, spelled for the look-up connection's dialect. */
  anyOf(column: string, values: unknown[]): { sql: string; params: unknown[] };
  /** Columns the source table actually has (SER variants differ: `user` vs `username`). */
  sourceColumns: Set<string>;
  log(message: string): void;
  /** Per-step state a converter keeps between batches (caches, maps). */
  state: Record<string, unknown>;
  /** About how many source rows the step will read (the source's estimate). */
  expectedRows: number;
  lookups: Lookups;
  /** Every row of a source table, in slices, in the run's read-only session (what a rule needs
   *  from a table the run does not convert, e.g. SER's domain tree when -t leaves `domain` out). */
  sourceScan(table: string, columns: string[]): AsyncIterable<SourceRow[]>;
  sourceHas(table: string): Promise<boolean>;
  /** Every row of a destination table, in slices, read on the look-up connection. */
  scan(table: string, columns: string[]): AsyncIterable<SourceRow[]>;
  /** Until these tables have their indexes, where an earlier step is still rebuilding them: for
   *  look-ups by key (a scan needs none). */
  indexed(tables: string[]): Promise<void>;
}

/** Collects the destination rows of one source row. */
export type Emit = (table: string, row: DestRow) => void;

/** One table (or group of tables) a converter moves: the unit of its progress and resume. */
export interface ConversionStep {
  /** Name used by `-t` and in messages; usually the source table's name. */
  name: string;
  /** Other names `-t` accepts (the old tool's spellings). */
  aliases?: string[];
  description: string;
  source: {
    table: string;
    /** Columns to read; those the source lacks are left out (the row has them undefined). */
    columns: string[];
  };
  writes: DestTable[];
  /** Steps whose output this one reads (look-ups); they run first. */
  dependsOn?: string[];
  /** Destination tables this step's look-ups read. Their indexes stay in place during the step;
   *  the other written tables may have their indexes dropped for a large load and rebuilt after
   *  it (./deferred-indexes.ts). Steps with look-ups that do not say keep every index. An earlier
   *  step may still be rebuilding these tables' indexes when the step starts: look-ups by key
   *  wait for them with ctx.indexed (a scan needs none). */
  reads?: string[];
  /** Read the whole table in one batch (for steps that need every row at once, like the domain tree). */
  whole?: boolean;
  /** How a row is named in messages when the key columns are not telling enough. */
  label?(row: SourceRow): string;
  /** Once before the first batch of a run (load small maps from the destination). */
  prepare?(ctx: StepContext): Promise<void>;
  /** Before converting a batch: fetch what its rows need from the destination in a few round trips. */
  prefetch?(rows: SourceRow[], ctx: StepContext): Promise<void>;
  /** One source row into destination rows; throw RowError when it cannot be converted.
   *  `position` is the row's 1-based place in the table's read order (stable across resumed runs). */
  convert(row: SourceRow, emit: Emit, ctx: StepContext, position: number): void;
}

export interface Converter {
  name: string;
  description: string;
  /** The pack and set whose schema the destination must have; created there when the destination is empty. */
  destination: { pack: string; set: string; sets(): Promise<ScriptSet[]> };
  /** Steps in the order the document gives; dependencies may reorder. */
  steps: ConversionStep[];
}

/** A source row that cannot be converted; the run's --on-error policy decides what happens. */
export class RowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowError';
  }
}

export type OnError = 'stop' | 'skip';

/** 'whole': a step loads the tables it looks up into memory at its start; 'batch': it asks for
 *  what each batch needs; 'auto': whole when the step will look up about as many names as the
 *  tables hold and they fit in memory. The result is the same. */
export type Lookups = 'auto' | 'whole' | 'batch';

export interface ConvertOptions {
  converter: Converter;
  source: Connection;
  destination: Connection;
  /** Opens another connection to the destination, so look-ups run beside the writer; undefined
   *  (or absent) where a database takes one connection only (PGlite): look-ups then use the
   *  writer's connection, between batches. */
  openDestination?(): Promise<Connection | undefined>;
  /** Steps to run (names or aliases); all when empty. */
  tables?: string[];
  onError?: OnError;
  /** Source rows per batch (and per destination transaction). */
  batchSize?: number;
  /** Steps expected to load at least this many rows defer their indexes (default DEFER_INDEXES_FROM). */
  deferIndexesFrom?: number;
  /** How steps find what earlier steps wrote (default 'auto'). */
  lookups?: Lookups;
  events?: EventSink;
  /** Create the converter's destination schema in an empty database. */
  createSchema?(conn: Connection): Promise<void>;
  /** Whether the destination's schema install is recorded as started but not finished. */
  schemaIncomplete?(conn: Connection): Promise<boolean>;
  /** Called after each committed batch (tests use it to kill a run at a known point). */
  onBatch?(step: string, rowsRead: number): void;
}

export type StepState = 'done' | 'already-done' | 'no-source' | 'not-selected' | 'stopped';

export interface StepSummary {
  step: string;
  state: StepState;
  sourceTable: string;
  /** Source rows read by this run (resumed runs count only what they read). */
  rowsRead: number;
  /** Destination rows written by this run, per table. */
  written: Record<string, number>;
  skipped: number;
  durationMs: number;
  rowsPerSecond: number;
  /** Total source rows converted across runs (from the progress record). */
  totalRead: number;
}

export interface RejectedRow {
  step: string;
  key: string;
  reason: string;
}

export interface ConvertSummary {
  converter: string;
  source: string;
  destination: string;
  createdSchema: boolean;
  resumed: boolean;
  onError: OnError;
  steps: StepSummary[];
  /** Rows skipped by this run (all of them are also recorded in voipdb_convert_rejects). */
  rejected: RejectedRow[];
  rejectedTotal: number;
  durationMs: number;
}
