// One step of a conversion: stream its source table in a stable order (after the last committed
// key, or position), convert and write it batch by batch, the next batches read and converted while
// this one is written; indexes dropped for a large load and rebuilt at the end (./deferred-indexes.ts).

import { VoipdbError } from '../core/errors.js';
import type { ColumnKind } from './dest/index.js';
import type { Connection } from '../db/connection.js';
import { deferIndexes, finishAside, rebuildIndexes } from './deferred-indexes.js';
import { addChunk, convertChunk, writeBatch } from './batch.js';
import { advance, fingerprint, type ProgressRow } from './progress.js';
import { emptySummary, inTransaction, settle, type Batch, type Run } from './run.js';
import { sourceFor } from './source/index.js';
import type { SourceRow, ConversionStep, StepContext, StepSummary } from './types.js';

/** Batches read and converted ahead of the one being written. */
const AHEAD = 2;
/** Rows converted and encoded at a time: few enough that they die young (see Batch). */
const CHUNK = 500;

export async function runStep(run: Run, step: ConversionStep): Promise<StepSummary> {
  const { converter, source, destination: dest, events } = { ...run.opts, events: run.events };
  const started = Date.now();
  let p = run.progress.get(step.name)!;
  if (p.state === 'done' || p.state === 'no-source') {
    events({
      type: 'log',
      level: 'verbose',
      message: `${step.name}: already ${p.state === 'done' ? 'converted' : 'skipped (no source table)'}`,
    });
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
  const estimate = await run.src.estimate(source, table);
  const lookup = run.lookup ?? dest;
  const ctx: StepContext = {
    lookup,
    anyOf: run.dst.anyOf,
    sourceColumns: new Set(present),
    log: (message) => events({ type: 'log', level: 'verbose', message: `${step.name}: ${message}` }),
    state: {},
    expectedRows: estimate,
    lookups: run.opts.lookups ?? 'auto',
    scan: (t, cols) => sourceFor(lookup).scan(lookup, t, cols),
    sourceScan: (t, cols) => run.src.scan(source, t, cols),
    sourceHas: (t) => run.src.tableExists(source, t),
    indexed: (tables) => settle(run, tables),
  };
  // Rows a unique index may yet remove are not looked up (a step that does not say what it reads
  // waits for everything); look-ups by key wait for their indexes themselves (ctx.indexed).
  if (step.prefetch || step.prepare)
    await (step.reads ? settle(run, step.reads, 'unique') : settle(run, run.rebuilding.keys()));
  await step.prepare?.(ctx);

  const deferred = await deferIndexes(run, step, p, estimate);
  p = run.progress.get(step.name)!;
  const resume = p.resume;
  let after: unknown[] | undefined;
  let offset: number | undefined;
  let expectFp: string | undefined;
  if (p.rowsRead > 0 && key.length > 0 !== !!(resume && 'key' in resume)) {
    throw new VoipdbError(
      'refused',
      `source table ${table} ${key.length ? 'gained' : 'lost'} its unique key since the interrupted run, so where to resume is unknown`,
      {
        where: source.target.display,
        hint: 'restore the source table as it was, or convert into a new, empty destination',
      },
    );
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

  const summary: StepSummary = {
    ...emptySummary(step, 'done', p),
    written: Object.fromEntries(step.writes.map((w) => [w.name, 0])),
  };
  const slices = run.src.stream(source, { table, columns, key, after, offset })[Symbol.asyncIterator]();
  // Rows read but not yet batched: pending from `at` on.
  let pending: SourceRow[] = [];
  let at = 0;
  const refill = async (): Promise<boolean> => {
    while (at === pending.length) {
      const r = await slices.next();
      if (r.done) return false;
      pending = r.value;
      at = 0;
    }
    return true;
  };
  if (offset !== undefined) {
    const first = (await refill()) ? pending[at++] : undefined;
    const fp = first === undefined ? undefined : fingerprint(rowValues(first, columns, key));
    if (fp !== expectFp) {
      throw new VoipdbError(
        'refused',
        `source table ${table} changed since the interrupted run (its row ${p.rowsRead} is not the one converted then)`,
        {
          where: source.target.display,
          hint: `a table without a unique key resumes by position: restore the source as it was, or convert into a new, empty destination`,
        },
      );
    }
  }

  const batchLimit = step.whole ? Number.MAX_SAFE_INTEGER : run.batchSize;
  let basePosition = p.rowsRead;
  // Where the time goes (shown with -v): reading the source, look-ups, converting, writing.
  const time = { read: 0, lookup: 0, convert: 0, write: 0 };
  const produce = async (): Promise<Batch | undefined> => {
    const b: Batch = { read: 0, last: undefined!, encoded: new Map(), failed: [], positions: [], keys: [], counts: [] };
    // A step that needs every row at once converts them in one chunk.
    const chunkLimit = step.whole ? batchLimit : CHUNK;
    while (b.read < batchLimit) {
      const t0 = Date.now();
      const rows: SourceRow[] = [];
      const limit = Math.min(chunkLimit, batchLimit - b.read);
      while (rows.length < limit && (await refill())) {
        const take = Math.min(pending.length - at, limit - rows.length);
        for (let i = 0; i < take; i++) rows.push(pending[at + i]!);
        at += take;
      }
      time.read += Date.now() - t0;
      if (!rows.length) break;
      const converted = await convertChunk(step, ctx, rows, basePosition, time);
      basePosition += rows.length;
      const t1 = Date.now();
      addChunk(run, step, kinds, key, b, converted);
      time.convert += Date.now() - t1;
      // Let the writer's replies and socket writes through while the batch converts.
      await turn();
    }
    return b.read ? b : undefined;
  };

  // Batches produced ahead of the writer, one after the other (they share the source stream): a
  // slow write or a slow read is absorbed without stopping the other side. Memory stays bounded.
  const ahead: Promise<Batch | undefined>[] = [];
  let tail: Promise<unknown> = Promise.resolve();
  const schedule = () => {
    const b = tail.then(produce);
    b.catch(() => {}); // surfaced when awaited; a failed write must not leave it unhandled
    tail = b;
    ahead.push(b);
  };
  try {
    for (;;) {
      while (ahead.length < (overlap ? AHEAD : 1)) schedule();
      const b = await ahead.shift()!;
      if (!b) break;
      if (overlap) while (ahead.length < AHEAD) schedule();
      const last = b.last;
      const to: ProgressRow = {
        ...p,
        state: 'running',
        resume: key.length
          ? { key: key.map((k) => last.row[k]) }
          : { pos: last.position, fp: fingerprint(rowValues(last.row, columns, key)) },
        rowsRead: p.rowsRead + b.read,
      };
      const t0 = Date.now();
      if (!summary.rowsRead)
        await settle(
          run,
          step.writes.map((w) => w.name),
        );
      const result = await writeBatch(run, step, key, b, p, to);
      time.write += Date.now() - t0;
      p = to;
      run.progress.set(step.name, p);
      summary.rowsRead += b.read;
      summary.skipped += result.skipped;
      for (const [t, n] of Object.entries(result.written)) summary.written[t] = (summary.written[t] ?? 0) + n;
      events({
        type: 'progress',
        task: `convert ${step.name}`,
        done: p.rowsRead,
        total: Math.max(estimate, p.rowsRead),
        unit: 'rows',
      });
      run.opts.onBatch?.(step.name, p.rowsRead);
    }
  } catch (e) {
    await slices.return?.(undefined).catch(() => {});
    throw e;
  }

  // The indexes, then the step marked done: on a connection of its own where the destination
  // allows, while the next steps convert (the summary is complete when the run ends).
  const finish = async (conn: Connection, rebuilt?: (table: string) => void) => {
    if (deferred.length) {
      const t0 = Date.now();
      const r = await rebuildIndexes(run, step, deferred, p, conn, rebuilt);
      p = r.progress;
      summary.skipped += r.removed;
      ctx.log(
        `rebuilt ${deferred.length} index(es) (${deferred.map((d) => d.name).join(', ')}) in ${Date.now() - t0} ms`,
      );
    }
    const done: ProgressRow = { ...p, state: 'done', deferred: undefined };
    await inTransaction(conn, async () => {
      for (const w of step.writes) if (w.serial) await run.dst.resetSerial(conn, w.name, w.serial);
      await advance(conn, converter.name, p, done);
    });
    run.progress.set(step.name, done);
    summary.durationMs = Date.now() - started;
    summary.rowsPerSecond =
      summary.durationMs > 0 ? Math.round((summary.rowsRead * 1000) / summary.durationMs) : summary.rowsRead;
    summary.totalRead = done.rowsRead;
    events({
      type: 'log',
      level: 'verbose',
      message: `${step.name}: ${summary.rowsRead} rows read, ${Object.entries(summary.written)
        .map(([t, n]) => `${n} into ${t}`)
        .join(
          ', ',
        )}${summary.skipped ? `, ${summary.skipped} skipped` : ''} (${summary.durationMs} ms: read ${time.read}, look-ups ${time.lookup}, convert ${time.convert}, write ${time.write}; reading and writing overlap)`,
    });
  };
  const aside = deferred.length && run.dst.rebuildsAside ? await run.opts.openDestination?.() : undefined;
  if (aside) finishAside(run, deferred, aside, finish);
  else await finish(dest);
  return summary;
}

/** Let pending I/O (the writer's replies, socket writes) run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A row's values in select order, for its fingerprint. */
function rowValues(row: SourceRow, columns: string[], key: string[]): unknown[] {
  return [...columns, ...key.filter((k) => !columns.includes(k))].map((c) => row[c] ?? null);
}
