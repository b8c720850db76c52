// The conversion engine: reads a source database and writes a destination one (any servers, any
// dialects), step by step in dependency order. Each step streams its source table in a stable
// order, converts a batch, and writes the batch, its rejected rows and its progress row in one
// destination transaction; the next batch is read and converted while this one is written.
// The source is only ever read, in a read-only session.

import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import { dialectOf } from '../dialect/index.js';
import { destFor, insertWithParams, normalize, type ColumnKind, type DeferredIndex, type DestDialect, type Encoded } from './dest/index.js';
import { orderSteps, selectSteps } from './order.js';
import { addSteps, advance, ensureProgress, fingerprint, readProgress, recordRejects, PROGRESS_TABLE, type ProgressRow } from './progress.js';
import { sourceFor, type SourceDialect } from './source/index.js';
import {
  RowError,
  type ConvertOptions,
  type ConvertSummary,
  type DestRow,
  type OnError,
  type RejectedRow,
  type SourceRow,
  type Step,
  type StepContext,
  type StepSummary,
} from './types.js';

export const DEFAULT_BATCH_SIZE = 10_000;
/** A step expected to load at least this many rows drops its tables' non-unique indexes first and
 *  rebuilds them at its end (a sorted build beats maintaining them row by row). */
export const DEFER_INDEXES_FROM = 50_000;
/** Rejected rows kept in the summary; all of them are recorded in the destination. */
const SUMMARY_REJECTS = 1000;

interface Run {
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
}

/** One source row, converted: its destination rows, or why it could not be. */
interface Converted {
  row: SourceRow;
  position: number;
  out: [string, DestRow][];
  error?: string;
}

/** A converted batch, its rows already encoded per destination table for the bulk write. */
interface Batch {
  rows: Converted[];
  encoded: Map<string, Encoded>;
}

export async function runConversion(opts: ConvertOptions): Promise<ConvertSummary> {
  const started = Date.now();
  const { converter, source, destination: dest } = opts;
  const events = opts.events ?? silent;
  const run: Run = {
    opts,
    events,
    onError: opts.onError ?? 'stop',
    batchSize: Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE),
    src: sourceFor(source),
    dst: destFor(dest),
    progress: new Map(),
    lookupOpened: false,
    rejected: [],
    rejectedTotal: 0,
  };
  const ordered = orderSteps(converter);
  const chosen = selectSteps(converter, opts.tables);

  await run.src.begin(source);
  try {
    const exists = (t: string) => dialectOf(dest.dialect).tableExists(dest, t);
    const resumed = (await exists(PROGRESS_TABLE)) && (await readProgress(dest, converter.name)).size > 0;
    const createdSchema = resumed ? false : await checkDestination(run, exists);
    await run.dst.prepareWriter(dest);
    await ensureProgress(dest, run.dst);
    run.progress = await readProgress(dest, converter.name);
    await addSteps(dest, converter.name, ordered.map((s) => s.name), run.progress, run.dst.isDataError);
    if (resumed) events({ type: 'log', level: 'info', message: `resuming the ${converter.name} conversion recorded in ${dest.target.display}` });
    warnMissingDependencies(run, ordered, chosen);

    const steps: StepSummary[] = [];
    try {
      for (const step of ordered) {
        if (!chosen.has(step.name)) {
          steps.push(emptySummary(step, 'not-selected', run.progress.get(step.name)));
          continue;
        }
        steps.push(await runStep(run, step));
      }
    } finally {
      await run.lookup?.close();
    }
    return {
      converter: converter.name,
      source: source.target.display,
      destination: dest.target.display,
      createdSchema,
      resumed,
      onError: run.onError,
      steps,
      rejected: run.rejected,
      rejectedTotal: run.rejectedTotal,
      durationMs: Date.now() - started,
    };
  } finally {
    await run.src.end(source);
  }
}

/** A fresh destination: its tables empty (created from the converter's pack when absent). Anything
 *  else is refused: converting into data already there would mix two systems' rows. */
async function checkDestination(run: Run, exists: (t: string) => Promise<boolean>): Promise<boolean> {
  const { converter, destination: dest } = run.opts;
  const tables = [...new Set(converter.steps.flatMap((s) => s.writes.map((w) => w.name)))];
  const present: string[] = [];
  for (const t of tables) if (await exists(t)) present.push(t);
  for (const t of present) {
    const rows = await dest.query(`SELECT 1 AS x FROM ${run.dst.quote(t)} LIMIT 1`);
    if (rows.length) {
      throw new VoipdbError('refused', `the destination is not empty: table ${t} already has rows`, {
        where: dest.target.display,
        hint: `convert into an empty database (create one, e.g. CREATE DATABASE ser_new), or empty the ${converter.destination.set} tables first`,
      });
    }
  }
  if (present.length === tables.length) return false;
  if (!run.opts.createSchema) {
    throw new VoipdbError('refused', `the destination has no ${converter.destination.set} schema (missing: ${tables.filter((t) => !present.includes(t)).join(', ')})`, {
      where: dest.target.display,
      hint: `create it with: voipdb upgrade --pack ${converter.destination.pack} ${dest.target.display}`,
    });
  }
  run.events({ type: 'log', level: 'info', message: `creating the ${converter.destination.set} schema in ${dest.target.display}` });
  await run.opts.createSchema(dest);
  const missing: string[] = [];
  for (const t of tables) if (!(await exists(t))) missing.push(t);
  if (missing.length) {
    throw new VoipdbError('internal', `the ${converter.destination.set} schema was created without tables ${missing.join(', ')}`, { where: dest.target.display });
  }
  return true;
}

function warnMissingDependencies(run: Run, ordered: Step[], chosen: Set<string>): void {
  for (const s of ordered) {
    if (!chosen.has(s.name)) continue;
    for (const d of s.dependsOn ?? []) {
      const state = run.progress.get(d)?.state;
      if (!chosen.has(d) && state !== 'done' && state !== 'no-source') {
        run.events({ type: 'log', level: 'warn', message: `${s.name} looks up what ${d} converts, but ${d} is neither chosen nor converted yet: add it to -t` });
      }
    }
  }
}

function emptySummary(step: Step, state: StepSummary['state'], p: ProgressRow | undefined): StepSummary {
  return { step: step.name, state, sourceTable: step.source.table, rowsRead: 0, written: {}, skipped: 0, durationMs: 0, rowsPerSecond: 0, totalRead: p?.rowsRead ?? 0 };
}

async function runStep(run: Run, step: Step): Promise<StepSummary> {
  const { converter, source, destination: dest, events } = { ...run.opts, events: run.events };
  const started = Date.now();
  let p = run.progress.get(step.name)!;
  if (p.state === 'done' || p.state === 'no-source') {
    events({ type: 'log', level: 'verbose', message: `${step.name}: already ${p.state === 'done' ? 'converted' : 'skipped (no source table)'}` });
    return emptySummary(step, 'already-done', p);
  }
  const table = step.source.table;
  if (!(await run.src.tableExists(source, table))) {
    events({ type: 'log', level: 'warn', message: `${step.name}: the source has no ${table} table, skipping` });
    const to = { ...p, state: 'no-source' as const };
    await inTransaction(dest, () => advance(dest, converter.name, p, to));
    run.progress.set(step.name, to);
    return emptySummary(step, 'no-source', to);
  }

  const present = await run.src.columns(source, table);
  const columns = step.source.columns.filter((c) => present.includes(c));
  const key = await run.src.key(source, table);
  const kinds = new Map<string, Map<string, ColumnKind>>();
  for (const w of step.writes) {
    const k = await run.dst.columnKinds(dest, w.name);
    const lacking = w.columns.filter((c) => !k.has(c));
    if (lacking.length) {
      throw new VoipdbError('refused', `destination table ${w.name} lacks column(s) ${lacking.join(', ')}`, {
        where: dest.target.display,
        hint: `bring the destination schema to the ${converter.destination.set} head: voipdb upgrade --pack ${converter.destination.pack}`,
      });
    }
    kinds.set(w.name, k);
  }
  if ((step.prefetch || step.prepare) && !run.lookupOpened) {
    run.lookup = await run.opts.openDestination?.();
    run.lookupOpened = true;
  }
  // Reading and converting the next batch while this one is written needs a look-up connection of its own.
  const overlap = !step.prefetch || !!run.lookup;
  const ctx: StepContext = {
    lookup: run.lookup ?? dest,
    anyOf: run.dst.anyOf,
    sourceColumns: new Set(present),
    log: (message) => events({ type: 'log', level: 'verbose', message: `${step.name}: ${message}` }),
    state: {},
  };
  await step.prepare?.(ctx);

  const estimate = await run.src.estimate(source, table);
  const deferred = await deferIndexes(run, step, p, estimate);
  p = run.progress.get(step.name)!;
  const resume = p.resume;
  let after: unknown[] | undefined;
  let offset: number | undefined;
  let expectFp: string | undefined;
  if (p.rowsRead > 0 && (key.length > 0) !== !!(resume && 'key' in resume)) {
    throw new VoipdbError('refused', `source table ${table} ${key.length ? 'gained' : 'lost'} its unique key since the interrupted run, so where to resume is unknown`, {
      where: source.target.display,
      hint: 'restore the source table as it was, or convert into a new, empty destination',
    });
  }
  if (key.length) {
    after = resume && 'key' in resume ? resume.key : undefined;
  } else if (p.rowsRead > 0) {
    // Scan order: re-read the last converted row and check it is still the same one.
    offset = p.rowsRead - 1;
    expectFp = resume && 'fp' in resume ? resume.fp : undefined;
  }
  ctx.log(
    `${key.length ? `reading ${table} in key order (${key.join(', ')})` : `reading ${table} in scan order (no unique key)`}` +
      (p.rowsRead ? `, resuming after ${p.rowsRead} rows` : ''),
  );

  const summary: StepSummary = { ...emptySummary(step, 'done', p), written: Object.fromEntries(step.writes.map((w) => [w.name, 0])) };
  const rows = run.src.stream(source, { table, columns, key, after, offset })[Symbol.asyncIterator]();
  if (offset !== undefined) {
    const first = await rows.next();
    const fp = first.done ? undefined : fingerprint(rowValues(first.value, columns, key));
    if (fp !== expectFp) {
      throw new VoipdbError('refused', `source table ${table} changed since the interrupted run (its row ${p.rowsRead} is not the one converted then)`, {
        where: source.target.display,
        hint: `a table without a unique key resumes by position: restore the source as it was, or convert into a new, empty destination`,
      });
    }
  }

  const batchLimit = step.whole ? Number.MAX_SAFE_INTEGER : run.batchSize;
  let basePosition = p.rowsRead;
  // Where the time goes (shown with -v): reading the source, look-ups, converting, writing.
  const time = { read: 0, lookup: 0, convert: 0, write: 0 };
  const produce = async (): Promise<Batch | undefined> => {
    const t0 = Date.now();
    const batch: SourceRow[] = [];
    while (batch.length < batchLimit) {
      const r = await rows.next();
      if (r.done) break;
      batch.push(r.value);
    }
    time.read += Date.now() - t0;
    if (!batch.length) return undefined;
    const first = basePosition;
    basePosition += batch.length;
    const converted = await convertBatch(step, ctx, batch, first, time);
    const t1 = Date.now();
    const encoded = encodeBatch(run, step, kinds, converted);
    time.convert += Date.now() - t1;
    return { rows: converted, encoded };
  };

  let next: Promise<Batch | undefined> | undefined = produce();
  try {
    for (;;) {
      const b = await (next ?? produce());
      if (!b) break;
      const batch = b.rows;
      next = overlap ? produce() : undefined;
      next?.catch(() => {}); // surfaced when awaited; a failed write must not leave it unhandled
      const last = batch[batch.length - 1]!;
      const to: ProgressRow = {
        ...p,
        state: 'running',
        resume: key.length ? { key: key.map((k) => last.row[k]) } : { pos: last.position, fp: fingerprint(rowValues(last.row, columns, key)) },
        rowsRead: p.rowsRead + batch.length,
      };
      const t0 = Date.now();
      const result = await writeBatch(run, step, kinds, key, b, p, to);
      time.write += Date.now() - t0;
      p = to;
      run.progress.set(step.name, p);
      summary.rowsRead += batch.length;
      summary.skipped += result.skipped;
      for (const [t, n] of Object.entries(result.written)) summary.written[t] = (summary.written[t] ?? 0) + n;
      events({ type: 'progress', task: `convert ${step.name}`, done: p.rowsRead, total: Math.max(estimate, p.rowsRead), unit: 'rows' });
      run.opts.onBatch?.(step.name, p.rowsRead);
    }
  } catch (e) {
    await rows.return?.(undefined).catch(() => {});
    throw e;
  }

  if (deferred.length) {
    const t0 = Date.now();
    for (const d of deferred) await dest.exec(d.create);
    ctx.log(`rebuilt ${deferred.length} index(es) (${deferred.map((d) => d.name).join(', ')}) in ${Date.now() - t0} ms`);
  }
  const done: ProgressRow = { ...p, state: 'done', deferred: undefined };
  await inTransaction(dest, async () => {
    for (const w of step.writes) if (w.serial) await run.dst.resetSerial(dest, w.name, w.serial);
    await advance(dest, converter.name, p, done);
  });
  run.progress.set(step.name, done);
  summary.durationMs = Date.now() - started;
  summary.rowsPerSecond = summary.durationMs > 0 ? Math.round((summary.rowsRead * 1000) / summary.durationMs) : summary.rowsRead;
  summary.totalRead = done.rowsRead;
  events({
    type: 'log',
    level: 'verbose',
    message: `${step.name}: ${summary.rowsRead} rows read, ${Object.entries(summary.written).map(([t, n]) => `${n} into ${t}`).join(', ')}${summary.skipped ? `, ${summary.skipped} skipped` : ''} (${summary.durationMs} ms: read ${time.read}, look-ups ${time.lookup}, convert ${time.convert}, write ${time.write}; reading and writing overlap)`,
  });
  return summary;
}

/** The non-unique indexes this step may drop for its load: recorded in the progress row first (so
 *  a killed run still rebuilds them), then dropped; on resume, those recorded are dropped again. */
async function deferIndexes(run: Run, step: Step, p: ProgressRow, estimate: number): Promise<DeferredIndex[]> {
  const { destination: dest, converter } = run.opts;
  let deferred = p.deferred ?? [];
  const mayDefer = !step.whole && (step.reads !== undefined || (!step.prefetch && !step.prepare));
  if (!deferred.length && mayDefer && p.state === 'pending' && estimate >= (run.opts.deferIndexesFrom ?? DEFER_INDEXES_FROM)) {
    const reads = new Set(step.reads ?? []);
    for (const w of step.writes) if (!reads.has(w.name)) deferred.push(...(await run.dst.secondaryIndexes(dest, w.name)));
    if (deferred.length) {
      const to: ProgressRow = { ...p, deferred };
      await inTransaction(dest, () => advance(dest, converter.name, p, to));
      run.progress.set(step.name, to);
    }
  }
  deferred = [...deferred];
  for (const d of deferred) await run.dst.dropIndex(dest, d.table, d.name);
  if (deferred.length) run.events({ type: 'log', level: 'verbose', message: `${step.name}: indexes ${deferred.map((d) => d.name).join(', ')} dropped for the load, rebuilt at the end` });
  return deferred;
}

function rowValues(row: SourceRow, columns: string[], key: string[]): unknown[] {
  return [...columns, ...key.filter((k) => !columns.includes(k))].map((c) => row[c] ?? null);
}

async function convertBatch(step: Step, ctx: StepContext, batch: SourceRow[], before: number, time: { lookup: number; convert: number }): Promise<Converted[]> {
  const t0 = Date.now();
  await step.prefetch?.(batch, ctx);
  const t1 = Date.now();
  time.lookup += t1 - t0;
  const declared = new Set(step.writes.map((w) => w.name));
  const out: Converted[] = [];
  for (let i = 0; i < batch.length; i++) {
    const c: Converted = { row: batch[i]!, position: before + i + 1, out: [] };
    const emit = (t: string, r: DestRow) => {
      if (!declared.has(t)) throw new VoipdbError('internal', `step ${step.name} produced a row for ${t}, a table it does not declare`);
      c.out.push([t, r]);
    };
    try {
      step.convert(c.row, emit, ctx, c.position);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      c.error = e.message;
      c.out = [];
    }
    out.push(c);
  }
  time.convert += Date.now() - t1;
  return out;
}

/** How a row is named in messages and in the rejects table: its key, or its place in scan order. */
function describe(step: Step, key: string[], c: Converted): string {
  const base = key.length ? key.map((k) => `${k}=${show(c.row[k])}`).join(', ') : `row ${c.position}`;
  const label = step.label?.(c.row);
  return label ? `${base} (${label})` : base;
}

function show(v: unknown): string {
  if (Buffer.isBuffer(v)) return '0x' + v.toString('hex');
  return String(v);
}

function rowFailure(run: Run, step: Step, key: string[], c: Converted): VoipdbError {
  return new VoipdbError('integrity', `${step.source.table} row ${describe(step, key, c)} cannot be converted: ${c.error}`, {
    where: `convert ${run.opts.converter.name}, step ${step.name}`,
    hint: 'fix that row in the source and run the same command again (it resumes), or add --on-error skip to convert the rest and list the skipped rows',
  });
}

async function inTransaction<T>(conn: Connection, body: () => Promise<T>): Promise<T> {
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

/** Write one batch with its rejects and its progress row in one transaction. Bulk first; when the
 *  destination refuses the bulk write for a data reason, again row by row to name the culprits. */
async function writeBatch(
  run: Run,
  step: Step,
  kinds: Map<string, Map<string, ColumnKind>>,
  key: string[],
  b: Batch,
  from: ProgressRow,
  to: ProgressRow,
): Promise<{ written: Record<string, number>; skipped: number }> {
  const { destination: dest, converter } = run.opts;
  const batch = b.rows;
  const firstBad = batch.find((c) => c.error !== undefined);
  if (firstBad && run.onError === 'stop') throw rowFailure(run, step, key, firstBad);

  return inTransaction(dest, async () => {
    await dest.exec('SAVEPOINT voipdb_batch');
    try {
      for (const w of step.writes) {
        const e = b.encoded.get(w.name);
        if (e?.rows.length) await run.dst.bulkInsert(dest, w.name, w.columns, e);
      }
    } catch (e) {
      if (!run.dst.isDataError(e)) throw e;
      await dest.exec('ROLLBACK TO SAVEPOINT voipdb_batch');
      for (const c of batch) {
        if (c.error !== undefined) continue;
        await dest.exec('SAVEPOINT voipdb_row');
        try {
          await writeRows(run, step, kinds, c);
          await dest.exec('RELEASE SAVEPOINT voipdb_row');
        } catch (e2) {
          if (!run.dst.isDataError(e2)) throw e2;
          await dest.exec('ROLLBACK TO SAVEPOINT voipdb_row');
          c.error = `the destination refused it: ${(e2 as Error).message}`;
          c.out = [];
          if (run.onError === 'stop') throw rowFailure(run, step, key, c);
        }
      }
    }
    const rejects = batch.filter((c) => c.error !== undefined).map((c) => ({ key: describe(step, key, c), reason: c.error! }));
    if (rejects.length) {
      await recordRejects(dest, converter.name, step.name, rejects);
      for (const r of rejects) {
        run.events({ type: 'log', level: 'warn', message: `${step.name}: skipped ${step.source.table} row ${r.key}: ${r.reason}` });
        if (run.rejected.length < SUMMARY_REJECTS) run.rejected.push({ step: step.name, key: r.key, reason: r.reason });
      }
      run.rejectedTotal += rejects.length;
    }
    const written: Record<string, number> = {};
    for (const c of batch) for (const [t] of c.out) written[t] = (written[t] ?? 0) + 1;
    const total = Object.values(written).reduce((a, b) => a + b, 0);
    to.rowsWritten = from.rowsWritten + total;
    to.rowsSkipped = from.rowsSkipped + rejects.length;
    await advance(dest, converter.name, from, to);
    return { written, skipped: rejects.length };
  });
}

/** The batch's rows per destination table, encoded for the bulk write (rows that failed to convert left out). */
function encodeBatch(run: Run, step: Step, kinds: Map<string, Map<string, ColumnKind>>, batch: Converted[]): Map<string, Encoded> {
  const out = new Map<string, Encoded>();
  for (const w of step.writes) {
    const rows: DestRow[] = [];
    for (const c of batch) if (c.error === undefined) for (const [t, r] of c.out) if (t === w.name) rows.push(r);
    const k = kinds.get(w.name)!;
    out.set(w.name, run.dst.encode(run.opts.destination, w.columns, w.columns.map((c) => k.get(c)), rows));
  }
  return out;
}

/** One source row's destination rows, with plain INSERTs (the row-by-row path after a refused bulk write). */
async function writeRows(run: Run, step: Step, kinds: Map<string, Map<string, ColumnKind>>, c: Converted): Promise<void> {
  const dest = run.opts.destination;
  for (const w of step.writes) {
    const k = kinds.get(w.name)!;
    const rows = c.out.filter(([t]) => t === w.name).map(([, r]) => w.columns.map((col) => normalize(r[col], k.get(col))));
    if (rows.length) await insertWithParams(dest, run.dst.quote, w.name, w.columns, rows);
  }
}
