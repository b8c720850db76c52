// What the runner runs and with what: a step of a plan, and the context of one run (the
// connection or the offline script, the lock and its timeouts, the events).

import type { EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { Topology } from '../db/topology.js';
import type { Dialect } from '../dialect/index.js';
import type { Statement } from '../schema/render/index.js';
import type { HistoryRow, HistoryState } from './history.js';
import type { InFlightChoice } from './resume.js';
import type { Migration, ScriptSet } from './types.js';

export interface Step {
  set: ScriptSet;
  migration: Migration;
  kind: 'versioned' | 'repeatable' | 'pre' | 'post' | 'drop-repeatables';
  direction: 'up' | 'down';
  statements: Statement[];
  checksum: string | null;
  /** History state to record. */
  state: HistoryState;
  /** Resume a failed non-transactional migration from this statement. */
  resume?: HistoryRow;
  /** A repeatable or hook that runs again whole: the row its stopped attempt left, taken over. */
  takesOver?: number;
  /** Record the step without running it (stamp, oVirt "installed already" skips). */
  recordOnly?: boolean;
  /** Write the set's version records for this step. */
  versionRecords: boolean;
  /** A fresh install: the head schema in one step, recording each of these migrations as applied. */
  records?: { migration: Migration; checksum: string | null }[];
}

export interface RunContext {
  conn: Connection;
  dialect: Dialect;
  events: EventSink;
  installedBy: string;
  lockTimeoutMs: number;
  /** The admin's word on a statement in flight the catalog cannot decide. */
  inFlight?: InFlightChoice;
  /** What stands behind the connection (known once the run lock is taken). */
  topology?: Topology;
  /** Longest a DDL statement waits for its table lock before giving way and retrying (0: no limit). */
  ddlLockTimeoutMs: number;
  /** Tries per statement on lock timeouts. */
  ddlTries: number;
  /** Offline (voipdb sql): statements are written here instead of run; nothing is read. */
  script?: ScriptStatement[];
  /** The start time history rows record (default now; offline: the server's clock when the script runs). */
  clock?: () => string;
}

/** One statement of an offline script; `journal` marks a step's own history row written whole. */
export interface ScriptStatement {
  sql: string;
  journal?: boolean;
}
