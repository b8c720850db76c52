// The engine's commands: upgrade, downgrade, stamp, repair and heads. Each computes its plan from
// where the sets stand and hands the steps to the runner; `voipdb sql` (offline.ts) runs the same
// plan functions with the runner writing a script instead of a connection.

import { userInfo } from 'node:os';
import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import { failpoint } from '../core/failpoints.js';
import { beginRun, onAbort } from '../core/interrupt.js';
import type { Connection } from '../db/connection.js';
import { dialectOf } from '../dialect/index.js';
import { followVersionRecords } from './follow-records.js';
import { freshSets } from './fresh-install.js';
import { missingOwnTablesDDL, ownTablesDDL } from './own-tables.js';
import { acquireRunLock } from './lock.js';
import { DEFAULT_DDL_LOCK_TIMEOUT_MS, DEFAULT_DDL_TRIES, setSessionDdlTimeout } from './lock-retry.js';
import { guardWrites } from './topology-guard.js';
import { planSet, type PlanOptions, type SetState } from './planner.js';
import { reconcileVersionRecords } from './reconcile.js';
import { refuseBlocking, refuseDataLoss, refuseUnsupportedDialect } from './refusals.js';
import type { InFlightChoice } from './resume.js';
import { undoRetired } from './retired.js';
import { begin, runStep, runSteps, send, type RunContext, type StepResult } from './runner.js';
import { setOptionsStatements } from './set-options.js';
import { status } from './status.js';
import { downgradeSteps, repairSteps, stampSteps, upgradeSteps, warnReleaseJumps } from './steps.js';
import type { ScriptSet } from './types.js';

export interface EngineOptions extends PlanOptions {
  events?: EventSink;
  /** How long to wait for another upgrade to finish (default 60 s). */
  lockTimeoutMs?: number;
  /** Longest one DDL statement waits for its table lock before giving way to writers (default 2 s; 0: no limit). */
  ddlLockTimeoutMs?: number;
  /** Tries per DDL statement on lock timeouts, with backoff (default 8). */
  ddlTries?: number;
  installedBy?: string;
  /** Migrations sharing one transaction where the dialect allows it (default 100; 1 = a transaction each). */
  batchSize?: number;
  /** Run steps that drop or narrow columns/tables holding rows. */
  allowDataLoss?: boolean;
  /** On an empty database, replay every migration instead of creating the head schema in one step. */
  replay?: boolean;
  /** Read where every set stands after an upgrade (default true): another history read, skipped when nobody looks. */
  closingStates?: boolean;
  /** The start time history rows record, as 'YYYY-MM-DD HH:MM:SS.mmm' UTC (default: now). */
  clock?: () => string;
  /** A statement left in flight that the catalog cannot decide: it took effect (applied) or not (rerun). */
  inFlight?: InFlightChoice;
}

export interface RunResult {
  steps: StepResult[];
  /** Where every set stands afterwards (empty when an upgrade was asked for no closingStates). */
  states: SetState[];
}

export function runContext(conn: Connection, opts: EngineOptions): RunContext {
  return {
    conn,
    dialect: dialectOf(conn.dialect),
    events: opts.events ?? silent,
    installedBy: (opts.installedBy ?? safeUser()).slice(0, 128),
    lockTimeoutMs: opts.lockTimeoutMs ?? 60_000,
    clock: opts.clock,
    inFlight: opts.inFlight,
    ddlLockTimeoutMs: opts.ddlLockTimeoutMs ?? DEFAULT_DDL_LOCK_TIMEOUT_MS,
    ddlTries: opts.ddlTries ?? DEFAULT_DDL_TRIES,
  };
}

function safeUser(): string {
  try {
    return process.env.VOIPDB_INSTALLED_BY ?? userInfo().username;
  } catch {
    return 'voipdb';
  }
}

export function heads(sets: ScriptSet[]): { set: string; heads: string[] }[] {
  return sets.map((s) => ({ set: s.name, heads: planSet(s, 'postgres', undefined, s.options ?? {}).ordered.heads }));
}

/**
 * voipdb's own tables and each set's version-record tables, before anything else. Offline,
 * `historyThere` says whether the script's database has them (it is at a version already).
 */
export async function ensureRecords(ctx: RunContext, sets: ScriptSet[], historyThere = false): Promise<void> {
  const { conn, dialect } = ctx;
  // SQLite takes its write lock per transaction: create the history inside one.
  if (dialect.lockPerTransaction) {
    await begin(ctx);
    try {
      await ensureHistory(ctx, historyThere);
      await send(ctx, dialect.commit);
    } catch (e) {
      await conn.exec(dialect.rollback).catch(() => {});
      throw e;
    }
  } else {
    await ensureHistory(ctx, historyThere);
  }
  for (const set of sets) {
    for (const vr of set.versionRecords ?? []) {
      if (!ctx.script) await vr.prepare?.(conn, set);
      for (const s of vr.ensure(dialect.name)) await send(ctx, s);
    }
  }
}

async function ensureHistory(ctx: RunContext, historyThere: boolean): Promise<void> {
  const offline = historyThere ? [] : ownTablesDDL(ctx.dialect).map((t) => t.ddl);
  const ddl = ctx.script ? offline : await missingOwnTablesDDL(ctx.conn, ctx.dialect);
  for (const [i, s] of ddl.entries()) {
    if (i > 0 && !ctx.script) await failpoint('between-setup-tables', () => ctx.conn.destroy?.());
    await send(ctx, s);
  }
}

async function withLock<T>(
  conn: Connection,
  opts: EngineOptions,
  sets: ScriptSet[],
  fn: (ctx: RunContext) => Promise<T>,
  command = 'upgrade',
): Promise<T> {
  const ctx = runContext(conn, opts);
  // A standby or an unsynced Galera node is refused before anything is written.
  ctx.topology = await guardWrites(conn, ctx.dialect, command, ctx.events);
  const release = await acquireRunLock(conn, ctx.dialect, ctx.lockTimeoutMs, ctx.events, ctx.topology);
  // The first Ctrl-C stops at the next statement boundary; a second one removes the lock file first.
  const endRun = beginRun();
  const forget = onAbort(() => void release());
  try {
    await setSessionDdlTimeout(ctx);
    await ensureRecords(ctx, sets);
    return await fn(ctx);
  } finally {
    forget();
    endRun();
    await release();
  }
}

/** From the states on: the checks, the plan, the option record and the run. Online and offline alike. */
export async function runUpgrade(
  ctx: RunContext,
  states: SetState[],
  sets: ScriptSet[],
  destination: string | undefined,
  opts: EngineOptions,
  tableExists = (t: string) => ctx.dialect.tableExists(ctx.conn, t),
): Promise<StepResult[]> {
  refuseBlocking(states, opts);
  const fresh = await freshSets(states, ctx.dialect, destination, !!opts.replay, tableExists);
  const steps = upgradeSteps(states, destination, ctx.dialect, fresh);
  warnReleaseJumps(ctx, states, steps);
  await refuseDataLoss(ctx, states, steps, !!opts.allowDataLoss);
  if (steps.length) for (const s of setOptionsStatements(ctx.dialect, sets)) await send(ctx, s);
  return runSteps(steps, ctx, opts.batchSize);
}

export async function runDowngrade(
  ctx: RunContext,
  states: SetState[],
  destination: string,
  opts: EngineOptions,
): Promise<StepResult[]> {
  const steps = downgradeSteps(states, destination, ctx.dialect);
  await refuseDataLoss(ctx, states, steps, !!opts.allowDataLoss);
  const results: StepResult[] = [];
  for (const step of steps) results.push(await runStep(step, ctx));
  return results;
}

export async function upgrade(
  conn: Connection,
  sets: ScriptSet[],
  destination?: string,
  opts: EngineOptions = {},
): Promise<RunResult> {
  refuseUnsupportedDialect(sets, conn.dialect);
  return withLock(conn, opts, sets, async (ctx) => {
    let states = await status(conn, sets);
    const undone = await undoRetired(ctx, states);
    if (undone.length) states = await status(conn, sets);
    if (await followVersionRecords(ctx, states)) states = await status(conn, sets);
    await reconcileVersionRecords(ctx, states);
    const steps = [...undone, ...(await runUpgrade(ctx, states, sets, destination, opts))];
    const after = await recordSchemaOfSqlSets(conn, sets, states, steps, opts.closingStates !== false);
    return { steps, states: after ?? [] };
  });
}

/**
 * After a run: the sets' closing states (when wanted), and the schema recorded for sets of SQL text
 * (./schema-record.ts), whose drift nothing else can tell. Sets written as operations need none.
 */
async function recordSchemaOfSqlSets(
  conn: Connection,
  sets: ScriptSet[],
  before: SetState[],
  steps: StepResult[],
  wanted: boolean,
): Promise<SetState[] | undefined> {
  const sql = before.some((st) => st.rendered.some((r) => !r.modelled && r.up.applies));
  if (!sql && !wanted) return undefined;
  const after = await status(conn, sets);
  if (sql) {
    const ran = new Set(steps.filter((s) => s.state !== 'skipped-by-other').map((s) => s.set));
    await (await import('./drift.js')).recordSchema(conn, after, ran);
  }
  return wanted ? after : undefined;
}

export async function downgrade(
  conn: Connection,
  sets: ScriptSet[],
  destination: string,
  opts: EngineOptions = {},
): Promise<RunResult> {
  if (!destination)
    throw new VoipdbError('usage', 'downgrade needs a target', { hint: 'voipdb downgrade <version> | base | -1' });
  return withLock(
    conn,
    opts,
    sets,
    async (ctx) => {
      const before = await status(conn, sets);
      const steps = await runDowngrade(ctx, before, destination, opts);
      return { steps, states: (await recordSchemaOfSqlSets(conn, sets, before, steps, true))! };
    },
    'downgrade',
  );
}

/** Move the record to `destination` without running anything (alembic stamp). */
export async function stamp(
  conn: Connection,
  sets: ScriptSet[],
  destination: string,
  opts: EngineOptions = {},
): Promise<RunResult> {
  return withLock(
    conn,
    opts,
    sets,
    async (ctx) => {
      const results: StepResult[] = [];
      for (const step of stampSteps(await status(conn, sets), destination)) results.push(await runStep(step, ctx));
      return { steps: results, states: await status(conn, sets) };
    },
    'stamp',
  );
}

/** Accept edited scripts as they are now (a new history row with the current checksum), and put platform version records that disagree back in line. */
export async function repair(conn: Connection, sets: ScriptSet[], opts: EngineOptions = {}): Promise<RunResult> {
  return withLock(
    conn,
    opts,
    sets,
    async (ctx) => {
      let states = await status(conn, sets);
      const undone = await undoRetired(ctx, states);
      if (undone.length) states = await status(conn, sets);
      // A record ahead of the history is followed as upgrade follows it, never rewritten back.
      if (await followVersionRecords(ctx, states)) states = await status(conn, sets);
      for (const st of states) {
        for (const vr of st.set.versionRecords ?? []) {
          if (!vr.rewrite || !vr.verify || !(await vr.verify(conn, st.set, st.current)).length) continue;
          const statements = vr.rewrite(st.set, st.current);
          const transactional = ctx.dialect.transactionalDDL;
          const script = [
            ...(transactional ? [ctx.dialect.begin] : []),
            ...statements,
            ...(transactional ? [ctx.dialect.commit] : []),
          ];
          await conn.exec(script.join(';\n'));
          ctx.events({
            type: 'log',
            level: 'info',
            message: `${st.set.name}: ${vr.name} rewritten for version ${st.current}`,
          });
        }
      }
      const results: StepResult[] = [...undone];
      for (const step of repairSteps(states)) results.push(await runStep(step, ctx));
      return { steps: results, states: await status(conn, sets) };
    },
    'repair',
  );
}
