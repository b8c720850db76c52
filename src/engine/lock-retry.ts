// Lock timeouts on ordinary steps (as pgroll does): an ALTER waiting for its table lock makes every
// writer queue behind it, so each DDL statement waits at most a short lock timeout, gives way to
// the writers, and is retried with backoff. When the tries run out the step fails (resumable, as
// any failure) naming the session that kept it waiting.

import { VoipdbError } from '../core/errors.js';
import { connect } from '../db/connect.js';
import type { Connection } from '../db/connection.js';
import type { LockBlocker } from '../dialect/dialect.js';
import type { RunContext } from './run-context.js';

/** How long one DDL statement may wait for its table lock (ms), unless told. */
export const DEFAULT_DDL_LOCK_TIMEOUT_MS = 2_000;
/** Tries per statement (the first included), unless told. */
export const DEFAULT_DDL_TRIES = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pause before try n+1: 250 ms doubling to 4 s, with jitter so that retries do not march in step. */
export function backoffMs(n: number): number {
  return Math.min(4_000, 250 * 2 ** (n - 1)) * (0.75 + Math.random() / 2);
}

/**
 * The session-wide timeout, set once after the run lock is taken. Not behind a pooler: a session
 * setting would stay on the lent server connection; there SET LOCAL inside each transaction does it.
 */
export async function setSessionDdlTimeout(ctx: RunContext): Promise<void> {
  if (!ctx.ddlLockTimeoutMs || ctx.topology?.kind === 'pooler') return;
  for (const s of ctx.dialect.ddlLockTimeout(ctx.ddlLockTimeoutMs, false)) await ctx.conn.exec(s);
}

/** Statements opening a transaction's lock timeout (after BEGIN). */
export function localDdlTimeout(ctx: RunContext): string[] {
  return ctx.ddlLockTimeoutMs && ctx.dialect.transactionalDDL
    ? ctx.dialect.ddlLockTimeout(ctx.ddlLockTimeoutMs, true)
    : [];
}

function describe(b: LockBlocker): string {
  return `${b.session} (user ${b.user}, ${b.state} since ${b.since}${b.query ? `, last query: ${b.query.slice(0, 120)}` : ''})`;
}

/** Looks, from a second connection, at who keeps `conn` waiting, a little before its timeout. */
async function watchBlockers(ctx: RunContext): Promise<() => Promise<LockBlocker[]>> {
  let seen: LockBlocker[] = [];
  let observer: Connection | undefined;
  let timer: NodeJS.Timeout | undefined;
  let look: Promise<void> = Promise.resolve();
  let session = '';
  try {
    session = await ctx.dialect.sessionId(ctx.conn);
    observer = await connect(ctx.conn.target);
    const o = observer;
    timer = setTimeout(
      () => {
        look = ctx.dialect.lockBlockers(o, session).then(
          (b) => void (seen = b),
          () => {},
        );
      },
      Math.max(50, Math.floor(ctx.ddlLockTimeoutMs * 0.6)),
    );
  } catch {
    /* no second connection: the failure is reported without the blocker's name */
  }
  let looked = false;
  return async () => {
    if (timer) clearTimeout(timer);
    await look;
    // A timeout shorter than the look's delay (MySQL's NOWAIT): look now, the blocker is still there.
    if (!looked && !seen.length && observer) seen = await ctx.dialect.lockBlockers(observer, session).catch(() => []);
    looked = true;
    await observer?.close().catch(() => {});
    return seen;
  };
}

/**
 * One statement that commits by itself. A statement that holds no writer up while it waits
 * (CREATE INDEX CONCURRENTLY waiting for old snapshots) runs without the lock timeout.
 */
export async function retryStatement(ctx: RunContext, sql: string, attempt: () => Promise<void>): Promise<void> {
  if (!ctx.ddlLockTimeoutMs || ctx.dialect.blocksWriters(sql)) return retryLockTimeouts(ctx, attempt);
  const local = ctx.topology?.kind === 'pooler';
  if (local) return attempt();
  for (const s of ctx.dialect.ddlLockTimeout(0, false)) await ctx.conn.exec(s);
  try {
    await attempt();
  } finally {
    await setSessionDdlTimeout(ctx).catch(() => {});
  }
}

/**
 * Run one attempt (a statement, or a whole transaction); on a lock timeout undo it (roll back),
 * wait, and try again, up to ctx.ddlTries times. Other errors pass through untouched.
 */
export async function retryLockTimeouts(
  ctx: RunContext,
  attempt: () => Promise<void>,
  undo: () => Promise<void> = async () => {},
): Promise<void> {
  const tries = ctx.ddlLockTimeoutMs ? Math.max(1, ctx.ddlTries) : 1;
  for (let n = 1; ; n++) {
    const watch = tries > 1 && n === tries ? await watchBlockers(ctx) : undefined;
    try {
      await attempt();
      await watch?.();
      return;
    } catch (e) {
      const blockers = (await watch?.()) ?? [];
      if (!ctx.dialect.isLockTimeout(e) || !ctx.ddlLockTimeoutMs) throw e;
      await undo();
      if (n >= tries) {
        const by = blockers.length ? `held by ${blockers.map(describe).join('; ')}` : 'held by another session';
        throw new VoipdbError(
          'lock-timeout',
          `gave up after ${tries} tries of ${ctx.ddlLockTimeoutMs} ms waiting for a table lock ${by}`,
          {
            hint: `end that session or let it finish (writers were never held up longer than ${ctx.ddlLockTimeoutMs} ms); --ddl-lock-timeout and --ddl-retries allow more`,
            blockers,
            cause: e,
          },
        );
      }
      const pause = backoffMs(n);
      ctx.events({
        type: 'log',
        level: 'verbose',
        message: `a table lock was busy after ${ctx.ddlLockTimeoutMs} ms: gave way to writers, try ${n + 1} of ${tries} in ${Math.round(pause)} ms`,
      });
      await sleep(pause);
    }
  }
}
