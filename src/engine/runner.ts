// Executes a plan under the run lock. A migration and its history row (and the platform's
// version records) commit together where DDL is transactional; elsewhere progress is recorded
// statement by statement so a failed run resumes at the failed statement.
//
// One executor, two outputs (alembic's as_sql): every statement of the plan goes through `send`,
// which runs it on the connection or, for `voipdb sql`, writes it to the script. The runner's
// journal (a running row updated statement by statement, intents) is online-only; offline, a
// statement-by-statement step's own row is written whole after its statements.

import { VoipdbError } from '../core/errors.js';
import { silent } from '../core/events.js';
import { failpoint, failpointDuring } from '../core/failpoints.js';
import { stopIfInterrupted } from '../core/interrupt.js';
import { redact } from '../core/redact.js';
import { isConnectionLost } from '../db/lost.js';
import type { Dialect } from '../dialect/index.js';
import { terminated } from '../dialect/dialect.js';
import { sha256 } from './checksum.js';
import {
  finishedSql,
  historyKey,
  insertRowSql,
  insertRowsSql,
  INSTALL_KIND,
  intentSql,
  isApplied,
  latestVersionRow,
  markFailed,
  progressSql,
  restartSql,
  runningRowId,
  type HistoryState,
  type NewRow,
} from './history.js';
import { beginTransaction } from './lock.js';
import { localDdlTimeout, retryLockTimeouts, retryStatement } from './lock-retry.js';
import { decide, INTENT, intentOf } from './resume.js';
import type { RunContext, Step } from './run-context.js';

export type { RunContext, ScriptStatement, Step } from './run-context.js';

/** The fork: run a statement of the plan, or write it to the offline script. */
export async function send(ctx: RunContext, sql: string): Promise<void> {
  if (ctx.script) ctx.script.push({ sql });
  else await ctx.conn.exec(sql);
}

/** Open a transaction: SQLite's write lock, waited for online; written as it is offline. */
export async function begin(ctx: RunContext): Promise<void> {
  if (ctx.script) await send(ctx, ctx.dialect.begin);
  else await beginTransaction(ctx.conn, ctx.dialect, ctx.lockTimeoutMs, ctx.events);
}

function startTime(ctx: RunContext): string | null {
  return ctx.clock ? ctx.clock() : ctx.script ? null : utcNow();
}

export interface StepResult {
  set: string;
  version: string | null;
  script: string;
  kind: Step['kind'];
  direction: 'up' | 'down';
  state: HistoryState | 'skipped-by-other';
  durationMs: number;
  statements: number;
}

/** UTC 'YYYY-MM-DD HH:MM:SS.mmm', a literal every dialect reads. */
export function utcNow(): string {
  return new Date().toISOString().replace('T', ' ').replace('Z', '');
}

function versionRecordSql(step: Step, ctx: RunContext): string[] {
  if (!step.versionRecords) return [];
  const migrations = step.records?.map((r) => r.migration) ?? [step.migration];
  return migrations.flatMap((m) =>
    (step.set.versionRecords ?? []).flatMap((vr) => vr.write(ctx.dialect.name, m, step.direction, step.set)),
  );
}

/** The history rows a step writes: its own, or one per migration a fresh install covers. */
function historyRows(step: Step, ctx: RunContext, startedAt: string | null): NewRow[] {
  if (step.kind === 'drop-repeatables') return [];
  if (!step.records) return [newRow(step, ctx, startedAt, step.state)];
  return step.records.map((r) =>
    newRow({ ...step, migration: r.migration, checksum: r.checksum }, ctx, startedAt, step.state),
  );
}

/** One INSERT for the rows, or none. */
function insertSql(ctx: RunContext, rows: NewRow[]): string[] {
  return rows.length ? [insertRowsSql(ctx.dialect, rows)] : [];
}

/** The kind a step's history row carries. */
function rowKind(step: Step, state: HistoryState): string {
  // A down step in progress or failed is kept apart from the migration's applied row.
  if (step.direction === 'down' && (state === 'running' || state === 'failed')) return 'down';
  return step.kind === 'versioned' ? step.migration.kind : step.kind;
}

function newRow(
  step: Step,
  ctx: RunContext,
  startedAt: string | null,
  state: HistoryState,
  extra: { statementsDone?: number; doneHash?: string | null; error?: string | null; kind?: string } = {},
): NewRow {
  const m = step.migration;
  return {
    set: step.set.name,
    version: step.kind === 'versioned' ? m.version : null,
    description: m.description,
    kind: extra.kind ?? rowKind(step, state),
    script: m.script,
    checksum: step.checksum,
    installedBy: ctx.installedBy,
    startedAt,
    state,
    ...extra,
  };
}

type RowExtra = Parameters<typeof newRow>[4];

function rowFor(
  step: Step,
  ctx: RunContext,
  startedAt: string | null,
  state: HistoryState,
  extra: RowExtra = {},
): string {
  return insertRowSql(ctx.dialect, newRow(step, ctx, startedAt, state, extra));
}

function stepName(step: Step): string {
  return step.records
    ? `the fresh install of ${step.set.name} (head ${step.migration.version})`
    : step.migration.script;
}

/** The server went away: never the migration's fault. `outcome` says what is known of the statement in flight. */
function lost(what: string, outcome: string, e: unknown, where?: string): VoipdbError {
  const msg = redact(String((e as Error)?.message ?? e)).split('\n')[0]!;
  return new VoipdbError('connection-lost', `the server went away during ${what} (${msg}); ${outcome}`, {
    where,
    hint: 'run voipdb upgrade when the server is back: it continues where this run stopped',
    cause: e,
  });
}

function failure(step: Step, index: number, total: number, e: unknown, resumable: boolean): VoipdbError {
  const msg = redact(String((e as Error)?.message ?? e)).split('\n')[0]!;
  const stmt =
    index >= total ? `recording the migration (after its ${total} statement(s))` : `statement ${index + 1} of ${total}`;
  const what = stepName(step);
  if (isConnectionLost(e)) {
    const outcome = resumable
      ? 'the next run finds out from the database whether it took effect'
      : 'its transaction commits whole or not at all, and the next run knows which';
    return lost(`${stmt} of ${what}`, outcome, e, `set ${step.set.name}, version ${step.migration.version}`);
  }
  // A lock timeout says whom to wait for; the resume advice follows.
  const locked = e instanceof VoipdbError && e.kind === 'lock-timeout';
  const then = resumable ? `run voipdb upgrade: it resumes at statement ${index + 1}` : 'run voipdb upgrade';
  return new VoipdbError('migration-failed', `${what} failed at ${stmt}: ${msg}`, {
    where: `set ${step.set.name}, version ${step.migration.version}`,
    hint: locked
      ? `${e.hint}; then ${then}`
      : resumable
        ? `fix statement ${index + 1}, then run voipdb upgrade: it resumes at statement ${index + 1} (statements before it stay applied)`
        : `nothing of this migration was applied; fix it, then run voipdb upgrade`,
    cause: e,
    set: step.set.name,
    version: step.migration.version,
    script: step.migration.script,
    statement: index + 1,
  });
}

const joinScript = (sqls: string[]) => sqls.map(terminated).join('\n');

/** Re-check, inside the write lock, whether another process applied this step meanwhile (SQLite). */
async function appliedMeanwhile(step: Step, ctx: RunContext): Promise<boolean> {
  if (step.kind !== 'versioned' || step.direction !== 'up' || step.recordOnly) return false;
  return isApplied(await latestVersionRow(ctx.conn, step.set.name, step.migration.version));
}

/** How many migrations share one transaction where they can (PostgreSQL); 1 = one transaction each. */
export const BATCH_SIZE = 100;

/** Can this step share a transaction with its neighbours? (Transactional DDL and a run-long lock: PostgreSQL.) */
function batchable(step: Step, dialect: Dialect): boolean {
  return (
    dialect.transactionalDDL &&
    !dialect.lockPerTransaction &&
    step.migration.transactional !== false &&
    step.statements.every((s) => s.transactional) &&
    !step.resume
  );
}

/**
 * Run a plan's steps. Consecutive transactional steps share one transaction and one round trip
 * (a commit per migration is most of the cost of small migrations); each migration still commits
 * with its own history row, and a crash leaves whole migrations or none. When a batch fails,
 * nothing of it stays and it is replayed one migration at a time, so the migrations before the
 * failing one commit and the error names the failing statement exactly as without batching.
 */
export async function runSteps(steps: Step[], ctx: RunContext, batchSize = BATCH_SIZE): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let replayUntil = 0;
  for (let i = 0; i < steps.length;) {
    if (i > 0) await stopIfInterrupted(`${stepName(steps[i - 1]!)} (step ${i} of ${steps.length})`);
    let j = i;
    while (i >= replayUntil && j < steps.length && j - i < batchSize && batchable(steps[j]!, ctx.dialect)) j++;
    if (j - i >= 2) {
      const done = await runBatch(steps.slice(i, j), ctx);
      if (done) {
        results.push(...done);
        i = j;
        continue;
      }
      replayUntil = j;
    }
    results.push(await runStep(steps[i]!, ctx));
    i++;
  }
  return results;
}

async function runBatch(steps: Step[], ctx: RunContext): Promise<StepResult[] | undefined> {
  const { conn, dialect } = ctx;
  const started = Date.now();
  const startedAt = startTime(ctx);
  // Each migration's own time, noted by the server between its statements: the history never
  // gives every row of a batch the batch's duration.
  const clock = dialect.clock;
  const parts: string[] = [dialect.begin, ...localDdlTimeout(ctx), ...(clock ? [clock.mark('t0')] : [])];
  const rows: NewRow[] = [];
  steps.forEach((step, k) => {
    ctx.events({
      type: 'migration-start',
      set: step.set.name,
      version: step.migration.version,
      description: step.migration.description,
      direction: step.direction,
    });
    if (!step.recordOnly) parts.push(...step.statements.map((s) => s.sql));
    parts.push(...versionRecordSql(step, ctx));
    if (clock) parts.push(clock.mark(`t${k + 1}`));
    const times = clock && {
      started: clock.at(`t${k}`),
      finished: clock.at(`t${k + 1}`),
      durationMs: clock.msBetween(`t${k}`, `t${k + 1}`),
    };
    rows.push(...historyRows(step, ctx, startedAt).map((r) => (times ? { ...r, times } : r)));
  });
  parts.push(...insertSql(ctx, rows), dialect.commit);
  try {
    if (!ctx.script) await failpoint('before-statement', () => conn.destroy?.());
    await send(ctx, joinScript(parts));
  } catch (e) {
    // A batch the server dropped blames none of its migrations.
    if (isConnectionLost(e)) {
      const names = `${steps[0]!.migration.script} … ${steps.at(-1)!.migration.script}`;
      throw lost(
        `a batch of ${steps.length} migrations (${names})`,
        'they commit together or not at all, and the next run knows which',
        e,
      );
    }
    await conn.exec(dialect.rollback).catch(() => {});
    return undefined;
  }
  const ms = Date.now() - started;
  let own: number[] | undefined;
  // The marks are the session's: behind a pooler the next query may meet another session (the
  // history rows took their times inside the transaction; only the printed times are the batch's).
  if (clock && !ctx.script && ctx.topology?.kind !== 'pooler') {
    const [r] = await conn
      .query<Record<string, unknown>>(
        `SELECT ${steps.map((_, k) => `${clock.msBetween(`t${k}`, `t${k + 1}`)} AS d${k}`).join(', ')}`,
      )
      .catch(() => []);
    own = steps.map((_, k) => Number(r?.[`d${k}`] ?? ms));
  }
  return steps.map((step, k) => {
    const durationMs = own?.[k] ?? ms;
    ctx.events({
      type: 'migration-done',
      set: step.set.name,
      version: step.migration.version,
      durationMs,
      direction: step.direction,
    });
    return {
      set: step.set.name,
      version: step.kind === 'versioned' ? step.migration.version : null,
      script: step.migration.script,
      kind: step.kind,
      direction: step.direction,
      state: step.state,
      durationMs,
      statements: step.statements.length,
    };
  });
}

export async function runStep(step: Step, ctx: RunContext): Promise<StepResult> {
  const { conn, dialect } = ctx;
  const events = ctx.events ?? silent;
  const started = Date.now();
  const startedAt = startTime(ctx);
  const m = step.migration;
  const result = (state: StepResult['state']): StepResult => ({
    set: step.set.name,
    version: step.kind === 'versioned' ? m.version : null,
    script: m.script,
    kind: step.kind,
    direction: step.direction,
    state,
    durationMs: Date.now() - started,
    statements: step.statements.length,
  });
  events({
    type: 'migration-start',
    set: step.set.name,
    version: m.version,
    description: m.description,
    direction: step.direction,
  });

  const sqls = step.recordOnly ? [] : step.statements.map((s) => s.sql);
  // A transactional migration that failed before left nothing behind: it runs whole again, in one
  // transaction. Only a migration that ran statement by statement resumes part-way.
  const transactional =
    dialect.transactionalDDL &&
    m.transactional !== false &&
    step.statements.every((s) => s.transactional) &&
    !(step.resume && step.resume.statements_done > 0);
  const tail = [...insertSql(ctx, historyRows(step, ctx, startedAt)), ...versionRecordSql(step, ctx)];

  if (transactional) {
    // One round trip where the driver allows it; SQLite first takes its write lock on its own.
    if (dialect.lockPerTransaction) await begin(ctx);
    try {
      if (dialect.lockPerTransaction && !ctx.script && (await appliedMeanwhile(step, ctx))) {
        await conn.exec(dialect.rollback);
        events({
          type: 'migration-done',
          set: step.set.name,
          version: m.version,
          durationMs: Date.now() - started,
          direction: step.direction,
          skipped: true,
        });
        return result('skipped-by-other');
      }
      const begin = dialect.lockPerTransaction ? [] : [dialect.begin, ...localDdlTimeout(ctx)];
      const script = joinScript([...begin, ...sqls, ...tail, dialect.commit]);
      if (ctx.script) await send(ctx, script);
      else {
        await failpoint('before-statement', () => conn.destroy?.());
        await retryLockTimeouts(
          ctx,
          () => conn.exec(script),
          () => conn.exec(dialect.rollback).catch(() => {}),
        );
      }
    } catch (e) {
      if (isConnectionLost(e)) throw failure(step, 0, sqls.length, e, false);
      await conn.exec(dialect.rollback).catch(() => {});
      const index = await locateFailure(sqls, ctx);
      await conn
        .exec(rowFor(step, ctx, startedAt, 'failed', { error: redact(String((e as Error).message)).slice(0, 2000) }))
        .catch(() => {});
      // Every statement replays: what failed came after them (the history or version-record write).
      throw failure(step, index ?? sqls.length, sqls.length, e, false);
    }
  } else if (ctx.script) {
    writeByStatement(step, ctx, sqls, startedAt);
  } else {
    await runByStatement(step, ctx, sqls, startedAt ?? utcNow());
  }
  events({
    type: 'migration-done',
    set: step.set.name,
    version: m.version,
    durationMs: Date.now() - started,
    direction: step.direction,
  });
  return result(step.state);
}

/**
 * Statement by statement, progress recorded after each, so a stopped or failed run resumes where
 * it stopped. A statement that can share a transaction commits with its progress; one that
 * commits by itself (MySQL DDL, CREATE INDEX CONCURRENTLY) has its intent recorded first, and a
 * run that finds an intent asks the catalog what became of it (resume.ts).
 */
async function runByStatement(step: Step, ctx: RunContext, sqls: string[], startedAt: string): Promise<void> {
  const { conn, dialect, events } = ctx;
  const m = step.migration;
  const drop = () => conn.destroy?.();
  let done = 0;
  let rowId: number;
  if (step.resume) {
    done = step.resume.statements_done;
    const appliedPart = sha256(sqls.slice(0, done).join('\n'));
    if (step.resume.done_hash && step.resume.done_hash !== appliedPart) {
      throw new VoipdbError(
        'integrity',
        `${m.script}: the ${done} statement(s) already applied were changed since the failed run`,
        {
          where: `set ${step.set.name}, version ${m.version}`,
          hint: 'restore those statements as they were (only the failed statement and later may change), then run voipdb upgrade',
        },
      );
    }
    rowId = step.resume.id;
    events({ type: 'log', level: 'info', message: `resuming ${m.script} at statement ${done + 1} of ${sqls.length}` });
  } else if (step.takesOver !== undefined) {
    rowId = step.takesOver;
    await conn.exec(restartSql(dialect, rowId, step.checksum));
  } else {
    await conn.exec(rowFor(step, ctx, startedAt, 'running', step.records ? { kind: INSTALL_KIND } : {}));
    rowId = await runningRowId(conn, step.set.name, m.script);
  }
  const progress = (n: number) => progressSql(dialect, rowId, n, sha256(sqls.slice(0, n).join('\n')));
  const where = (i: number) => ({
    what: stepName(step),
    index: i,
    total: sqls.length,
    set: step.set.name,
    version: m.version,
  });
  for (let i = done; i < sqls.length; i++) {
    if (i > done) await stopIfInterrupted(`statement ${i} of ${sqls.length} of ${stepName(step)}`);
    const sql = sqls[i]!;
    events({ type: 'statement', set: step.set.name, version: m.version, index: i, total: sqls.length, sql });
    // Can the statement commit with its progress row? Not a CREATE INDEX CONCURRENTLY, nor MySQL DDL.
    const inDoubt = dialect.transactionalDDL ? !step.statements[i]!.transactional : dialect.commitsImplicitly(sql);
    if (i === done && step.resume && inDoubt) {
      // The statement the last run stopped at: in flight (intent recorded), or failed.
      const inFlight = intentOf(step.resume.error) === i + 1;
      const failed = step.resume.state === 'failed';
      if (inFlight || failed) {
        const d = await decide(conn, dialect, sql, where(i), inFlight ? ctx.inFlight : undefined).catch((e) => {
          if (inFlight) throw e;
          return { action: 'run' as const, reason: '', dropFirst: undefined };
        });
        if (d.reason)
          events({
            type: 'log',
            level: 'info',
            message: `${m.script} statement ${i + 1} of ${sqls.length}: ${d.reason}`,
          });
        if (d.dropFirst) await conn.exec(dialect.dropInvalidIndex(d.dropFirst));
        if (d.action === 'skip') {
          await conn.exec(progress(i + 1));
          continue;
        }
      }
    }
    try {
      if (inDoubt) {
        await conn.exec(intentSql(dialect, rowId, INTENT + (i + 1)));
        await failpoint('before-statement', drop);
        await retryStatement(ctx, sql, () => failpointDuring('during-statement', conn.exec(sql), drop));
        await failpoint('after-statement', drop);
        await conn.exec(progress(i + 1));
      } else {
        await failpoint('before-statement', drop);
        // The statement and its progress commit together: never in doubt.
        if (dialect.lockPerTransaction) {
          await beginTransaction(conn, dialect, ctx.lockTimeoutMs, events);
          await conn.exec(joinScript([sql, progress(i + 1), dialect.commit]));
        } else {
          const script = joinScript([dialect.begin, ...localDdlTimeout(ctx), sql, progress(i + 1), dialect.commit]);
          await retryLockTimeouts(
            ctx,
            () => conn.exec(script),
            () => conn.exec(dialect.rollback).catch(() => {}),
          );
        }
      }
    } catch (e) {
      if (!inDoubt) await conn.exec(dialect.rollback).catch(() => {});
      if (!isConnectionLost(e)) {
        await markFailed(conn, rowId, {
          error: redact(String((e as Error).message)).slice(0, 2000),
          statementsDone: i,
          doneHash: sha256(sqls.slice(0, i).join('\n')),
        }).catch(() => {});
      }
      throw failure(step, i, sqls.length, e, true);
    }
  }
  const kind = step.records ? INSTALL_KIND : rowKind(step, step.state);
  const finished = finishedSql(dialect, rowId, {
    kind,
    state: step.state,
    checksum: step.checksum,
    startedAt: step.resume ? utcNow() : startedAt,
  });
  // The history row and the platform's version records are data: they commit together.
  const rows = step.records ? insertSql(ctx, historyRows(step, ctx, startedAt)) : [];
  if (dialect.lockPerTransaction) await beginTransaction(conn, dialect, ctx.lockTimeoutMs, events);
  else await conn.exec(dialect.begin);
  try {
    for (const s of [finished, ...rows]) await conn.exec(s);
    await failpoint('before-version-record', drop);
    for (const s of versionRecordSql(step, ctx)) await conn.exec(s);
    await conn.exec(dialect.commit);
  } catch (e) {
    await conn.exec(dialect.rollback).catch(() => {});
    throw failure(step, sqls.length, sqls.length, e, true);
  }
}

/**
 * Offline, a step that runs statement by statement online: its statements, then the closing
 * transaction of the online run, with the step's own row written whole where online the journal
 * row is finished.
 */
function writeByStatement(step: Step, ctx: RunContext, sqls: string[], startedAt: string | null): void {
  const out = ctx.script!;
  for (const sql of sqls) out.push({ sql });
  const done = { statementsDone: sqls.length, doneHash: sha256(sqls.join('\n')) };
  const kind = step.records ? INSTALL_KIND : rowKind(step, step.state);
  out.push(
    { sql: ctx.dialect.begin },
    { sql: rowFor(step, ctx, startedAt, step.state, { ...done, kind }), journal: true },
  );
  const rows = step.records ? insertSql(ctx, historyRows(step, ctx, startedAt)) : [];
  for (const sql of [...rows, ...versionRecordSql(step, ctx), ctx.dialect.commit]) out.push({ sql });
}

/** After a failed transactional script, find which statement failed (inside a transaction rolled back). */
async function locateFailure(sqls: string[], ctx: RunContext): Promise<number | undefined> {
  if (sqls.length <= 1) return 0;
  try {
    await beginTransaction(ctx.conn, ctx.dialect, ctx.lockTimeoutMs, silent);
  } catch {
    return undefined;
  }
  try {
    for (let i = 0; i < sqls.length; i++) {
      try {
        await ctx.conn.exec(sqls[i]!);
      } catch {
        return i;
      }
    }
    return undefined;
  } finally {
    await ctx.conn.exec(ctx.dialect.rollback).catch(() => {});
  }
}

export { historyKey };
