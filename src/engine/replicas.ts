// `upgrade --wait-replicas`: after the upgrade commits on the primary, wait until every streaming
// standby has replayed up to that point (so a failover or a read on a standby sees the new
// schema), with a timeout, and report each standby's lag.

import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import { dialectOf } from '../dialect/index.js';
import type { ReplicaState } from '../dialect/dialect.js';

export interface ReplicaWait {
  /** The primary's position the standbys were waited for (PostgreSQL: an LSN). */
  position: string;
  replicas: ReplicaState[];
  waitedMs: number;
  /** Every standby replayed up to `position` before the timeout (true when there is none). */
  caughtUp: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForReplicas(
  conn: Connection,
  opts: { timeoutMs?: number; events?: EventSink } = {},
): Promise<ReplicaWait> {
  const dialect = dialectOf(conn.dialect);
  const events = opts.events ?? silent;
  if (!dialect.replicaPosition || !dialect.replicas) {
    throw new VoipdbError(
      'usage',
      `--wait-replicas needs PostgreSQL streaming replication; ${conn.dialect} has no view of its replicas' replay from the primary`,
      {
        where: conn.target.display,
        hint: 'run the upgrade without --wait-replicas (on Galera every node certifies each commit)',
      },
    );
  }
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const position = await dialect.replicaPosition(conn);
  const start = Date.now();
  let told = false;
  for (;;) {
    const replicas = await dialect.replicas(conn, position);
    const caughtUp = replicas.every((r) => r.caughtUp);
    const waitedMs = Date.now() - start;
    if (caughtUp || waitedMs >= timeoutMs) return { position, replicas, waitedMs, caughtUp };
    if (!told) {
      const behind = replicas.filter((r) => !r.caughtUp).map((r) => r.name);
      events({
        type: 'lock-wait',
        message: `waiting for ${behind.length} standby(s) to replay the upgrade (${behind.join(', ')}; timeout ${Math.round(timeoutMs / 1000)}s)`,
      });
      told = true;
    }
    await sleep(100);
  }
}
