// One batch: converted a chunk of rows at a time (a RowError marks a row that cannot be converted)
// and encoded for the bulk write as it goes, then written with its rejects and its progress row in
// one transaction; when the destination refuses the bulk write for a data reason, again row by row
// (decoded from what was encoded) to name the culprits.

import { VoipdbError } from '../core/errors.js';
import { insertWithParams, type ColumnKind } from './dest/index.js';
import { advance, type ProgressRow } from './progress.js';
import { recordRejects } from './rejects.js';
import { inTransaction, showValue, SUMMARY_REJECTS, type Batch, type Converted, type Run } from './run.js';
import { RowError, type DestRow, type SourceRow, type ConversionStep, type StepContext } from './types.js';

/** Prefetch what a chunk of rows looks up, then convert each row; a RowError marks the row, any other error ends the run. */
export async function convertChunk(
  step: ConversionStep,
  ctx: StepContext,
  rows: SourceRow[],
  before: number,
  time: { lookup: number; convert: number },
): Promise<Converted[]> {
  const t0 = Date.now();
  await step.prefetch?.(rows, ctx);
  const t1 = Date.now();
  time.lookup += t1 - t0;
  const declared = new Set(step.writes.map((w) => w.name));
  const out: Converted[] = [];
  let c: Converted;
  const emit = (t: string, r: DestRow) => {
    if (!declared.has(t))
      throw new VoipdbError('internal', `step ${step.name} produced a row for ${t}, a table it does not declare`);
    c.out.push([t, r]);
  };
  for (let i = 0; i < rows.length; i++) {
    c = { row: rows[i]!, position: before + i + 1, out: [] };
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

/** How a row is named in messages and in the rejects table: its key, or its place in scan order;
 *  with the step's label when the source row is at hand. */
function nameOf(key: string[], values: unknown[], position: number, label?: string): string {
  const base = key.length ? key.map((k, i) => `${k}=${showValue(values[i])}`).join(', ') : `row ${position}`;
  return label ? `${base} (${label})` : base;
}

function describe(step: ConversionStep, key: string[], c: Converted): string {
  return nameOf(
    key,
    key.map((k) => c.row[k]),
    c.position,
    step.label?.(c.row),
  );
}

function rowFailure(run: Run, step: ConversionStep, name: string, reason: string): VoipdbError {
  return new VoipdbError('integrity', `${step.source.table} row ${name} cannot be converted: ${reason}`, {
    where: `convert ${run.opts.converter.name}, step ${step.name}`,
    hint: 'fix that row in the source and run the same command again (it resumes), or add --on-error skip to convert the rest and list the skipped rows',
  });
}

/** Add a converted chunk to its batch: its rows encoded per destination table, and what the
 *  fallback needs to write them one by one. */
export function addChunk(
  run: Run,
  step: ConversionStep,
  kinds: Map<string, Map<string, ColumnKind>>,
  key: string[],
  b: Batch,
  chunk: Converted[],
): void {
  const tables = step.writes.map((w) => w.name);
  // Index loops: this runs for every row written.
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i]!;
    if (c.error !== undefined) {
      b.failed.push(c);
      continue;
    }
    b.positions.push(c.position);
    for (let k = 0; k < key.length; k++) b.keys.push(c.row[key[k]!]);
    for (let t = 0; t < tables.length; t++) {
      let n = 0;
      for (let j = 0; j < c.out.length; j++) if (c.out[j]![0] === tables[t]) n++;
      b.counts.push(n);
    }
  }
  for (const w of step.writes) {
    const rows: DestRow[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c.error !== undefined) continue;
      for (let j = 0; j < c.out.length; j++) if (c.out[j]![0] === w.name) rows.push(c.out[j]![1]);
    }
    const k = kinds.get(w.name)!;
    b.encoded.set(
      w.name,
      run.dst.encode(
        run.opts.destination,
        w.columns,
        w.columns.map((col) => k.get(col)),
        rows,
        b.encoded.get(w.name),
      ),
    );
  }
  b.read += chunk.length;
  b.last = chunk[chunk.length - 1]!;
}

/** Write one batch with its rejects and its progress row in one transaction. Bulk first; when the
 *  destination refuses the bulk write for a data reason, again row by row to name the culprits. */
export async function writeBatch(
  run: Run,
  step: ConversionStep,
  key: string[],
  b: Batch,
  from: ProgressRow,
  to: ProgressRow,
): Promise<{ written: Record<string, number>; skipped: number }> {
  const { destination: dest, converter } = run.opts;
  if (b.failed.length && run.onError === 'stop') {
    const c = b.failed[0]!;
    throw rowFailure(run, step, describe(step, key, c), c.error!);
  }

  return inTransaction(dest, async () => {
    const written: Record<string, number> = {};
    for (const w of step.writes) written[w.name] = b.encoded.get(w.name)?.count ?? 0;
    const rejects: { position: number; key: string; reason: string }[] = b.failed.map((c) => ({
      position: c.position,
      key: describe(step, key, c),
      reason: c.error!,
    }));
    await dest.exec('SAVEPOINT voipdb_batch');
    try {
      for (const w of step.writes) {
        const e = b.encoded.get(w.name);
        if (e?.count) await run.dst.bulkInsert(dest, w.name, w.columns, e);
      }
    } catch (e) {
      if (!run.dst.isDataError(e)) throw e;
      await dest.exec('ROLLBACK TO SAVEPOINT voipdb_batch');
      // Each converted row's share of each table, in order (counts), read back from the encoded text.
      const values = step.writes.map((w) => run.dst.decode(b.encoded.get(w.name)!));
      const at = step.writes.map(() => 0);
      for (let i = 0; i < b.positions.length; i++) {
        const mine = step.writes.map((_w, t) =>
          values[t]!.slice(at[t], (at[t] += b.counts[i * step.writes.length + t]!)),
        );
        await dest.exec('SAVEPOINT voipdb_row');
        try {
          for (let t = 0; t < step.writes.length; t++)
            if (mine[t]!.length)
              await insertWithParams(dest, run.dst.quote, step.writes[t]!.name, step.writes[t]!.columns, mine[t]!);
          await dest.exec('RELEASE SAVEPOINT voipdb_row');
        } catch (e2) {
          if (!run.dst.isDataError(e2)) throw e2;
          await dest.exec('ROLLBACK TO SAVEPOINT voipdb_row');
          const name = nameOf(key, b.keys.slice(i * key.length, (i + 1) * key.length), b.positions[i]!);
          const reason = `the destination refused it: ${(e2 as Error).message}`;
          if (run.onError === 'stop') throw rowFailure(run, step, name, reason);
          rejects.push({ position: b.positions[i]!, key: name, reason });
          for (let t = 0; t < step.writes.length; t++) written[step.writes[t]!.name]! -= mine[t]!.length;
        }
      }
      rejects.sort((x, y) => x.position - y.position);
    }
    if (rejects.length) {
      await recordRejects(dest, converter.name, step.name, rejects);
      for (const r of rejects) {
        run.events({
          type: 'log',
          level: 'warn',
          message: `${step.name}: skipped ${step.source.table} row ${r.key}: ${r.reason}`,
        });
        if (run.rejected.length < SUMMARY_REJECTS) run.rejected.push({ step: step.name, key: r.key, reason: r.reason });
      }
      run.rejectedTotal += rejects.length;
    }
    to.rowsWritten = from.rowsWritten + Object.values(written).reduce((a, n) => a + n, 0);
    to.rowsSkipped = from.rowsSkipped + rejects.length;
    await advance(dest, converter.name, from, to);
    return { written, skipped: rejects.length };
  });
}
