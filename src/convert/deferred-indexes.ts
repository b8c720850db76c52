// Indexes a large load drops and rebuilds at its end: a sorted build beats maintaining an index row
// by row, most of all a unique one whose keys arrive in random order (SER's name-based UIDs). With
// a unique index away, a row repeating a key is found when the index is rebuilt, not as its batch
// is written: the run's policy decides then (stop and name the key, or keep one row of each key
// and record the others). Where the destination allows, the rebuild runs on a connection of its
// own while the next steps convert; a step waits for the tables it writes, for those it looks up
// by key, and for those whose rows a unique index may yet change (settle).

import { VoipdbError } from '../core/errors.js';
import type { Connection } from '../db/connection.js';
import type { DeferredIndex } from './dest/index.js';
import { advance, type ProgressRow } from './progress.js';
import { recordRejects } from './rejects.js';
import { DEFER_INDEXES_FROM, inTransaction, settle, showValue, SUMMARY_REJECTS, type Run } from './run.js';
import type { ConversionStep } from './types.js';

/** The indexes this step drops for its load: recorded in the progress row first (so a killed run
 *  still rebuilds them), then dropped; on resume, those recorded are dropped again. */
export async function deferIndexes(
  run: Run,
  step: ConversionStep,
  p: ProgressRow,
  estimate: number,
): Promise<DeferredIndex[]> {
  const { destination: dest, converter } = run.opts;
  let deferred = p.deferred ?? [];
  const mayDefer = !step.whole && (step.reads !== undefined || (!step.prefetch && !step.prepare));
  if (
    !deferred.length &&
    mayDefer &&
    p.state === 'pending' &&
    estimate >= (run.opts.deferIndexesFrom ?? DEFER_INDEXES_FROM)
  ) {
    const reads = new Set(step.reads ?? []);
    for (const w of step.writes) {
      if (reads.has(w.name)) continue;
      // The serial column's own index stays: positions arrive in increasing order, so each is
      // added at the index's right edge, as cheap as a sorted build, and off the end of the run.
      const onSerial = (d: DeferredIndex) => d.unique?.length === 1 && d.unique[0] === w.serial;
      deferred.push(...(await run.dst.deferrableIndexes(dest, w.name)).filter((d) => !onSerial(d)));
    }
    if (deferred.length) {
      const to: ProgressRow = { ...p, deferred };
      await inTransaction(dest, () => advance(dest, converter.name, p, to));
      run.progress.set(step.name, to);
    }
  }
  deferred = [...deferred];
  if (deferred.length) await settle(run, new Set(deferred.map((d) => d.table)));
  for (const d of deferred) await run.dst.dropIndex(dest, d);
  if (deferred.length)
    run.events({
      type: 'log',
      level: 'verbose',
      message: `${step.name}: indexes ${deferred.map((d) => d.name).join(', ')} dropped for the load, rebuilt at the end`,
    });
  return deferred;
}

export interface Rebuilt {
  progress: ProgressRow;
  /** Rows removed because they repeated a unique key (each recorded as a reject, counted as skipped). */
  removed: number;
}

/** Recreate the deferred indexes on `dest`, table by table (those other steps look up first);
 *  `rebuilt(table)` as each table has its indexes back. A unique one the rows break: under `stop`
 *  the run ends naming the key (the step stays unfinished: running again rebuilds, with `skip`
 *  too); under `skip` all rows of each key but the first written are removed and recorded, with
 *  the progress row. */
export async function rebuildIndexes(
  run: Run,
  step: ConversionStep,
  deferred: DeferredIndex[],
  p: ProgressRow,
  dest: Connection,
  rebuilt: (table: string) => void = () => {},
): Promise<Rebuilt> {
  const out: Rebuilt = { progress: p, removed: 0 };
  const lookedUp = new Set(run.opts.converter.steps.flatMap((s) => s.reads ?? []));
  const tables = [...new Set(deferred.map((d) => d.table))].sort(
    (a, b) => Number(lookedUp.has(b)) - Number(lookedUp.has(a)),
  );
  for (const table of tables) {
    for (const d of deferred) {
      if (d.table !== table) continue;
      try {
        await dest.exec(d.create);
      } catch (e) {
        if (!d.unique || !run.dst.isDataError(e)) throw e;
        const removed = await removeRepeats(run, step, d, out.progress, dest);
        if (!removed.count) throw e;
        out.progress = removed.progress;
        out.removed += removed.count;
        await dest.exec(d.create);
      }
    }
    rebuilt(table);
  }
  return out;
}

/** Run `finish` (the rebuild and what follows it) on a connection of its own, leaving the run to
 *  go on: the tables' indexes are awaited by the steps that use them (settle), the whole by the
 *  end of the run. */
export function finishAside(
  run: Run,
  deferred: DeferredIndex[],
  conn: Connection,
  finish: (conn: Connection, rebuilt: (table: string) => void) => Promise<void>,
): void {
  const tables = new Map<string, { done: Promise<void>; resolve: () => void; reject: (e: unknown) => void }>();
  for (const d of deferred) {
    if (tables.has(d.table)) continue;
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    done.catch(() => {}); // surfaced where awaited, or by the run's end
    tables.set(d.table, { done, resolve, reject });
    run.rebuilding.set(d.table, { done, unique: deferred.some((x) => x.table === d.table && x.unique) });
  }
  const whole = (async () => {
    try {
      await run.dst.prepareWriter(conn);
      await finish(conn, (t) => tables.get(t)?.resolve());
    } finally {
      await conn.close().catch(() => {});
    }
  })();
  whole.catch((e) => {
    for (const t of tables.values()) t.reject(e);
  });
  run.aside.push(whole);
}

async function removeRepeats(
  run: Run,
  step: ConversionStep,
  d: DeferredIndex,
  p: ProgressRow,
  dest: Connection,
): Promise<{ count: number; progress: ProgressRow }> {
  const { converter } = run.opts;
  const q = run.dst.quote;
  const columns = d.unique!;
  const list = columns.map(q).join(', ');
  // NULLs never collide in a unique index.
  const groups = await dest.query<Record<string, unknown>>(
    `SELECT ${list}, COUNT(*) AS voipdb_n FROM ${q(d.table)} WHERE ${columns.map((c) => `${q(c)} IS NOT NULL`).join(' AND ')} GROUP BY ${list} HAVING COUNT(*) > 1`,
  );
  const key = (g: Record<string, unknown>) =>
    `${d.table} (${columns.join(', ')}) = (${columns.map((c) => showValue(g[c])).join(', ')})`;
  const extra = groups.reduce((n, g) => n + Number(g.voipdb_n) - 1, 0);
  if (!extra) return { count: 0, progress: p };
  if (run.onError === 'stop') {
    throw new VoipdbError(
      'integrity',
      `${extra} row(s) of ${d.table} repeat a key of its unique index ${d.name}, first ${key(groups[0]!)}`,
      {
        where: `convert ${converter.name}, step ${step.name} (rebuilding the indexes dropped for the load)`,
        hint: 'run the same command with --on-error skip to keep one row of each key and record the others, or fix the source and convert into a new, empty destination',
      },
    );
  }
  const reason = `repeats a row already written, by unique index ${d.name}: removed when the index was rebuilt`;
  const rejects: { key: string; reason: string }[] = [];
  let count = 0;
  const to: ProgressRow = { ...p };
  await inTransaction(dest, async () => {
    for (const g of groups) {
      const n = await run.dst.deleteExtras(
        dest,
        d.table,
        columns,
        columns.map((c) => g[c]),
      );
      count += n;
      for (let i = 0; i < n; i++) rejects.push({ key: key(g), reason });
    }
    await recordRejects(dest, converter.name, step.name, rejects);
    to.rowsWritten = p.rowsWritten - count;
    to.rowsSkipped = p.rowsSkipped + count;
    await advance(dest, converter.name, p, to);
  });
  for (const r of rejects) {
    run.events({ type: 'log', level: 'warn', message: `${step.name}: removed a row of ${r.key}: ${r.reason}` });
    if (run.rejected.length < SUMMARY_REJECTS) run.rejected.push({ step: step.name, key: r.key, reason: r.reason });
  }
  run.rejectedTotal += count;
  run.progress.set(step.name, to);
  return { count, progress: to };
}
