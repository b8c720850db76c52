// One upgrade at a time. PostgreSQL: session advisory lock; MySQL: GET_LOCK; SQLite: the write
// lock of BEGIN IMMEDIATE (taken per migration). Waiting says who holds it; a timeout is an error.
// Session locks die with their connection, so a crashed holder never leaves a stale lock.

import type { EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { Topology } from '../db/topology.js';
import type { Dialect } from '../dialect/index.js';
import { acquireLeaseLock } from './lease-lock.js';
import { waitFor } from './lock-wait.js';

export { waitFor };

export async function acquireRunLock(
  conn: Connection,
  dialect: Dialect,
  timeoutMs: number,
  events: EventSink,
  topology?: Topology,
): Promise<() => Promise<void>> {
  // Galera, poolers: a session lock is not one upgrade at a time there (lease-lock.ts).
  if (topology && !topology.sessionLockHolds) return acquireLeaseLock(conn, dialect, topology, timeoutMs, events);
  await waitFor(conn, dialect, () => dialect.tryLock(conn), timeoutMs, events);
  return () => dialect.unlock(conn).catch(() => {});
}

/** Open a transaction; on SQLite this is the write lock, retried while another writer holds it. */
export async function beginTransaction(
  conn: Connection,
  dialect: Dialect,
  timeoutMs: number,
  events: EventSink,
): Promise<void> {
  await waitFor(
    conn,
    dialect,
    async () => {
      try {
        await conn.exec(dialect.begin);
        return true;
      } catch (e) {
        if (dialect.isBusy(e)) return false;
        throw e;
      }
    },
    timeoutMs,
    events,
    // Where the transaction is the lock, a writer that is not voipdb may hold it.
    async () =>
      (await dialect.lockHolder(conn)) ?? {
        description: `another writer on ${conn.target.path ?? conn.target.display}`,
      },
  );
}
