// Waiting for the run lock: tries again until taken, says once who holds it, and times out with
// the command to run next.

import { VoipdbError } from '../core/errors.js';
import type { EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { Dialect } from '../dialect/index.js';
import type { LockHolder } from '../dialect/dialect.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(
  conn: Connection,
  dialect: Dialect,
  attempt: () => Promise<boolean>,
  timeoutMs: number,
  events: EventSink,
  holderOf: () => Promise<LockHolder | undefined> = () => dialect.lockHolder(conn),
): Promise<void> {
  const start = Date.now();
  let told = false;
  for (;;) {
    if (await attempt()) return;
    const holder = await holderOf().catch(() => undefined);
    if (!told) {
      events({
        type: 'lock-wait',
        message: `waiting for the upgrade lock held by ${holder?.description ?? 'another session'} (timeout ${Math.round(timeoutMs / 1000)}s)`,
      });
      told = true;
    }
    if (Date.now() - start >= timeoutMs) {
      throw new VoipdbError(
        'lock-timeout',
        `timed out after ${Math.round(timeoutMs / 1000)}s waiting for the upgrade lock held by ${holder?.description ?? 'another session'}`,
        {
          where: conn.target.display,
          hint: 'let the other upgrade finish (or stop it), then run the command again; --lock-timeout <seconds> waits longer',
        },
      );
    }
    await sleep(100 + Math.random() * 150);
  }
}
