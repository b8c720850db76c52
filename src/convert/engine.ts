// The conversion engine: reads a source database and writes a destination one (any servers, any
// dialects), step by step in dependency order (each step: ./step-runner.ts; each batch:
// ./batch.ts). The source is only ever read, in a read-only session.

import { VoipdbError } from '../core/errors.js';
import { silent } from '../core/events.js';
import { dialectOf } from '../dialect/index.js';
import { readSetHistory } from '../engine/status.js';
import { destFor } from './dest/index.js';
import { orderSteps, selectSteps } from './order.js';
import { addSteps, ensureProgress, readProgress, recordedProgress } from './progress.js';
import { ensureRejects } from './rejects.js';
import { DEFAULT_BATCH_SIZE, emptySummary, type Run } from './run.js';
import { sourceFor } from './source/index.js';
import { runStep } from './step-runner.js';
import type { ConvertOptions, ConvertSummary, ConversionStep, StepSummary } from './types.js';

export { DEFAULT_BATCH_SIZE, DEFER_INDEXES_FROM } from './run.js';

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
    rebuilding: new Map(),
    aside: [],
  };
  const ordered = orderSteps(converter);
  const chosen = selectSteps(converter, opts.tables);

  await run.src.begin(source);
  try {
    const exists = (t: string) => dialectOf(dest.dialect).tableExists(dest, t);
    const resumed = (await recordedProgress(dest, converter.name)).size > 0;
    const createdSchema = resumed ? false : await checkDestination(run, exists);
    await run.dst.prepareWriter(dest);
    await ensureProgress(dest);
    await ensureRejects(dest);
    run.progress = await readProgress(dest, converter.name);
    await addSteps(
      dest,
      converter.name,
      ordered.map((s) => s.name),
      run.progress,
      run.dst.isDataError,
    );
    if (resumed)
      events({
        type: 'log',
        level: 'info',
        message: `resuming the ${converter.name} conversion recorded in ${dest.target.display}`,
      });
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
      await Promise.all(run.aside);
    } finally {
      // Index rebuilds still running end before the run does, whatever stopped it.
      await Promise.allSettled(run.aside);
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
  // Tables there are not enough: a pack install stopped part-way (its seed rows half loaded) is
  // finished first, as its history says.
  if (present.length === tables.length && !(await run.opts.schemaIncomplete?.(dest))) return false;
  // Creating the schema needs an empty database: another platform's tables (Kamailio's acc and
  // location, Asterisk's sippeers...) would collide with the new ones or end up beside them.
  const { introspect } = await import('../schema/introspect/index.js');
  // (a schema creation of ours that stopped part-way is resumed, not refused)
  const ours = (await readSetHistory(dest, converter.destination.set).catch(() => [])).length > 0;
  const others = ours ? [] : Object.keys((await introspect(dest)).tables);
  if (others.length) {
    const shown = others.slice(0, 5).join(', ') + (others.length > 5 ? `, … (${others.length} tables)` : '');
    throw new VoipdbError(
      'refused',
      `the destination is not empty: it holds tables of another schema (${shown}) and not the ${converter.destination.set} schema`,
      {
        where: dest.target.display,
        hint: `convert into an empty database (create one, e.g. CREATE DATABASE ${converter.name}_new, and give it to --to)`,
      },
    );
  }
  if (!run.opts.createSchema) {
    throw new VoipdbError(
      'refused',
      `the destination has no ${converter.destination.set} schema (missing: ${tables.filter((t) => !present.includes(t)).join(', ')})`,
      {
        where: dest.target.display,
        hint: `create it with: voipdb upgrade --pack ${converter.destination.pack} ${dest.target.display}`,
      },
    );
  }
  run.events({
    type: 'log',
    level: 'info',
    message: `creating the ${converter.destination.set} schema in ${dest.target.display}`,
  });
  await run.opts.createSchema(dest);
  const missing: string[] = [];
  for (const t of tables) if (!(await exists(t))) missing.push(t);
  if (missing.length) {
    throw new VoipdbError(
      'internal',
      `the ${converter.destination.set} schema was created without tables ${missing.join(', ')}`,
      { where: dest.target.display },
    );
  }
  return true;
}

function warnMissingDependencies(run: Run, ordered: ConversionStep[], chosen: Set<string>): void {
  for (const s of ordered) {
    if (!chosen.has(s.name)) continue;
    for (const d of s.dependsOn ?? []) {
      const state = run.progress.get(d)?.state;
      if (!chosen.has(d) && state !== 'done' && state !== 'no-source') {
        run.events({
          type: 'log',
          level: 'warn',
          message: `${s.name} looks up what ${d} converts, but ${d} is neither chosen nor converted yet: add it to -t`,
        });
      }
    }
  }
}
