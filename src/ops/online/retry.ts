// Short DDL under a lock timeout, retried. A DDL waiting for its lock makes every writer queue
// behind it; a short lock_timeout bounds that queue, and the retry comes back when the table is
// free (pgroll's approach).

import { VoipdbError } from '../../core/errors.js';
import type { EventSink } from '../../core/events.js';
import type { Connection } from '../../db/connection.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RetryOptions {
  lockTimeoutMs: number;
  retries: number;
  events: EventSink;
}

export interface RetryStats {
  lockRetries: number;
}

function isLockTimeout(e: unknown): boolean {
  return (e as { code?: string }).code === '55P03';
}

/** Run `statements` in one transaction with a lock timeout; retry when the lock is not granted in time. */
export async function shortDdl(
  conn: Connection,
  what: string,
  statements: string[],
  opts: RetryOptions,
  stats: RetryStats,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await conn.exec('BEGIN');
      await conn.exec(`SET LOCAL lock_timeout = '${Math.max(1, Math.round(opts.lockTimeoutMs))}ms'`);
      for (const s of statements) await conn.exec(s);
      await conn.exec('COMMIT');
      return;
    } catch (e) {
      await conn.exec('ROLLBACK').catch(() => {});
      if (!isLockTimeout(e)) throw e;
      stats.lockRetries++;
      if (attempt >= opts.retries) {
        throw new VoipdbError(
          'lock-timeout',
          `${what}: the table stayed busy (${attempt + 1} tries of ${opts.lockTimeoutMs} ms)`,
          {
            hint: "find the long transaction holding it (SELECT * FROM pg_stat_activity WHERE state <> 'idle'), then run the command again: it resumes where it stopped",
          },
        );
      }
      opts.events({
        type: 'log',
        level: 'verbose',
        message: `${what}: lock not granted within ${opts.lockTimeoutMs} ms, retrying`,
      });
      await sleep(Math.min(2000, 50 * (attempt + 1)) + Math.random() * 50);
    }
  }
}

/** One autocommitted statement with a lock timeout, retried the same way; returns rows changed. */
export async function shortDml(
  conn: Connection,
  what: string,
  sql: string,
  params: unknown[],
  opts: RetryOptions,
  stats: RetryStats,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await conn.execute(sql, params);
    } catch (e) {
      if (!isLockTimeout(e)) throw e;
      stats.lockRetries++;
      if (attempt >= opts.retries) {
        throw new VoipdbError('lock-timeout', `${what}: rows stayed locked (${attempt + 1} tries)`, {
          hint: 'run the command again: it resumes where it stopped',
        });
      }
      await sleep(Math.min(2000, 50 * (attempt + 1)));
    }
  }
}
