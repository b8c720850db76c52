// One batch: converted row by row (a RowError marks a row that cannot be converted), encoded for
// the bulk write, then written with its rejects and its progress row in one transaction; when the
// destination refuses the bulk write for a data reason, again row by row to name the culprits.

import { VoipdbError } from '../core/errors.js';
import { insertWithParams, normalize, type ColumnKind, type Encoded } from './dest/index.js';
import { advance, recordRejects, type ProgressRow } from './progress.js';
import { inTransaction, showValue, SUMMARY_REJECTS, type Batch, type Converted, type Run } from './run.js';
import { RowError, type DestRow, type SourceRow, type Step, type StepContext } from './types.js';

/** Rows converted between turns of the event loop: the writer's round trips are answered while a
 *  batch converts, so the destination is not kept waiting for the whole batch (~5 ms of work). */
const YIELD_EVERY = 1000;

/** Prefetch what the batch looks up, then convert each row; a RowError marks the row, any other error ends the run. */
export async function convertBatch(step: Step, ctx: StepContext, batch: SourceRow[], before: number, time: { lookup: number; convert: number }): Promise<Converted[]> {
  const t0 = Date.now();
  await step.prefetch?.(batch, ctx);
  const t1 = Date.now();
  time.lookup += t1 - t0;
  const declared = new Set(step.writes.map((w) => w.name));
  const out: Converted[] = [];
  let c: Converted;
  const emit = (t: string, r: DestRow) => {
    if (!declared.has(t)) throw new VoipdbError('internal', `step ${step.name} produced a row for ${t}, a table it does not declare`);
    c.out.push([t, r]);
  };
  for (let i = 0; i < batch.length; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await turn();
    c = { row: batch[i]!, position: before + i + 1, out: [] };
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

/** Let pending I/O (the writer's replies, socket writes) run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How a row is named in messages and in the rejects table: its key, or its place in scan order. */
function describe(step: Step, key: string[], c: Converted): string {
  const base = key.length ? key.map((k) => `${k}=${showValue(c.row[k])}`).join(', ') : `row ${c.position}`;
  const label = step.label?.(c.row);
  return label ? `${base} (${label})` : base;
}

function rowFailure(run: Run, step: Step, key: string[], c: Converted): VoipdbError {
  return new VoipdbError('integrity', `${step.source.table} row ${describe(step, key, c)} cannot be converted: ${c.error}`, {
    where: `convert ${run.opts.converter.name}, step ${step.name}`,
    hint: 'fix that row in the source and run the same command again (it resumes), or add --on-error skip to convert the rest and list the skipped rows',
  });
}

/** Write one batch with its rejects and its progress row in one transaction. Bulk first; when the
 *  destination refuses the bulk write for a data reason, again row by row to name the culprits. */
export async function writeBatch(
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
    for (const c of batch) for (let j = 0; j < c.out.length; j++) written[c.out[j]![0]] = (written[c.out[j]![0]] ?? 0) + 1;
    const total = Object.values(written).reduce((a, b) => a + b, 0);
    to.rowsWritten = from.rowsWritten + total;
    to.rowsSkipped = from.rowsSkipped + rejects.length;
    await advance(dest, converter.name, from, to);
    return { written, skipped: rejects.length };
  });
}

/** The batch's rows per destination table, encoded for the bulk write (rows that failed to convert left out). */
export function encodeBatch(run: Run, step: Step, kinds: Map<string, Map<string, ColumnKind>>, batch: Converted[]): Map<string, Encoded> {
  const out = new Map<string, Encoded>();
  for (const w of step.writes) {
    // Index loops: this runs for every row written.
    const rows: DestRow[] = [];
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i]!;
      if (c.error !== undefined) continue;
      for (let j = 0; j < c.out.length; j++) if (c.out[j]![0] === w.name) rows.push(c.out[j]![1]);
    }
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
