// The run lock where a session lock does not mean "one upgrade at a time": on Galera (GET_LOCK is
// local to one node) and behind a pooler (the session is lent per transaction). The lock is a row
// in voipdb_lock: its INSERT is certified cluster-wide on Galera (two nodes inserting it at once:
// one commit wins) and is plain data through a pooler. The row carries a lease that a second
// connection renews; a holder that is gone (crash, killed node) stops renewing, and the next
// upgrade takes the lock once the lease has run out. The row says who holds it, for the wait
// message and `voipdb status`. The table's definition and every statement against it live here.

import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { EventSink } from '../core/events.js';
import { connect } from '../db/connect.js';
import type { Connection } from '../db/connection.js';
import type { Topology } from '../db/topology.js';
import { dialectOf, type Dialect } from '../dialect/index.js';
import type { LockHolder } from '../dialect/dialect.js';
import { createOwnTable, ownTable } from '../schema/own-table.js';
import type { Column } from '../schema/types.js';
import { waitFor } from './lock-wait.js';

export const LOCK_TABLE = 'voipdb_lock';

// Microseconds, compared with the server's clock (SQLite keeps its clock's text).
const at = (name: string): Column => ({
  name,
  type: { kind: 'custom', sql: { postgres: 'TIMESTAMP(6)', mysql: 'DATETIME(6)', sqlite: 'TEXT' } },
  nullable: false,
});

export const LOCK = ownTable(
  LOCK_TABLE,
  [
    { name: 'name', type: { kind: 'string', length: 64 }, nullable: false },
    { name: 'token', type: { kind: 'string', length: 64 }, nullable: false },
    { name: 'holder', type: { kind: 'string', length: 255 }, nullable: false },
    at('acquired_at'),
    at('expires_at'),
  ],
  { primaryKey: ['name'], mysql: 'DEFAULT CHARSET=utf8mb4' },
);
const NAME = 'upgrade';
/** How long a holder that stopped renewing keeps the lock (default 30 s; VOIPDB_LOCK_LEASE seconds). */
export const DEFAULT_LEASE_MS = 30_000;

export function leaseMs(): number {
  const s = Number(process.env.VOIPDB_LOCK_LEASE);
  return s > 0 ? s * 1000 : DEFAULT_LEASE_MS;
}

async function ensureTable(conn: Connection, dialect: Dialect): Promise<void> {
  if (await dialect.tableExists(conn, LOCK_TABLE)) return;
  // Upgrades starting together all see no table; PostgreSQL's IF NOT EXISTS is not safe against
  // a concurrent create (a duplicate pg_type row): the one that lost finds the table there.
  await conn.exec(createOwnTable(dialect.name, LOCK)).catch(async (e) => {
    if (!(await dialect.tableExists(conn, LOCK_TABLE))) throw e;
  });
}

function who(topology: Topology, conn: Connection): string {
  let user = 'voipdb';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry */
  }
  const via = topology.galera?.node
    ? `node ${topology.galera.node}`
    : `${conn.target.host ?? 'local'}:${conn.target.port ?? ''}`;
  return `voipdb pid ${process.pid} by ${user}@${hostname()} via ${via}`.slice(0, 250);
}

/** The lease row's holder, when the lease is still running. */
export async function leaseHolder(
  conn: Connection,
  dialect: Dialect,
): Promise<(LockHolder & { expiresAt: string }) | undefined> {
  if (!(await dialect.tableExists(conn, LOCK_TABLE).catch(() => false))) return undefined;
  const rows = await conn
    .query<{ holder: string; acquired_at: unknown; expires_at: unknown }>(
      `SELECT holder, acquired_at, expires_at FROM ${LOCK_TABLE} WHERE name = ? AND expires_at >= ${dialect.now}`,
      [NAME],
    )
    .catch(() => []);
  const r = rows[0];
  if (!r) return undefined;
  const iso = (v: unknown) =>
    v instanceof Date ? v.toISOString().replace('T', ' ').slice(0, 19) : String(v).slice(0, 19);
  return {
    description: `${r.holder} (since ${iso(r.acquired_at)} UTC, lease until ${iso(r.expires_at)} UTC)`,
    expiresAt: iso(r.expires_at),
  };
}

async function tryTake(
  conn: Connection,
  dialect: Dialect,
  token: string,
  holder: string,
  lease: number,
  misses: { n: number },
): Promise<boolean> {
  // A lease that ran out belongs to nobody.
  await conn.execute(`DELETE FROM ${LOCK_TABLE} WHERE name = ? AND expires_at < ${dialect.now}`, [NAME]);
  try {
    await conn.execute(
      `INSERT INTO ${LOCK_TABLE} (name, token, holder, acquired_at, expires_at) VALUES (?, ?, ?, ${dialect.now}, ${dialect.nowPlusMs(lease)})`,
      [NAME, token, holder],
    );
    return true;
  } catch (e) {
    // Duplicate key, or on Galera a certification conflict with the node that won: taken. The
    // winner may have finished since; an error that keeps coming with no row there is a real one.
    const rows = await conn.query(`SELECT 1 FROM ${LOCK_TABLE} WHERE name = ?`, [NAME]);
    if (rows.length || ++misses.n < 5) return false;
    throw e;
  }
}

export async function acquireLeaseLock(
  conn: Connection,
  dialect: Dialect,
  topology: Topology,
  timeoutMs: number,
  events: EventSink,
): Promise<() => Promise<void>> {
  await ensureTable(conn, dialect);
  const lease = leaseMs();
  const token = randomBytes(16).toString('hex');
  const holder = who(topology, conn);
  const misses = { n: 0 };
  await waitFor(
    conn,
    dialect,
    () => tryTake(conn, dialect, token, holder, lease, misses),
    timeoutMs,
    events,
    () => leaseHolder(conn, dialect),
  );
  // Renewed from a connection of its own: the upgrade's connection may be busy in a long step.
  const renewer = await connect(conn.target);
  let lost = false;
  const renew = async () => {
    const n = await renewer.execute(
      `UPDATE ${LOCK_TABLE} SET expires_at = ${dialect.nowPlusMs(lease)} WHERE name = ? AND token = ?`,
      [NAME, token],
    );
    if (n === 0 && !lost) {
      lost = true;
      events({
        type: 'log',
        level: 'warn',
        message: `the upgrade lock's lease ran out (renewal blocked longer than ${lease / 1000}s)`,
      });
    }
  };
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      pending = pending.then(renew).catch(() => {});
    },
    Math.max(500, Math.floor(lease / 4)),
  );
  timer.unref();
  return async () => {
    clearInterval(timer);
    await pending;
    await renewer.execute(`DELETE FROM ${LOCK_TABLE} WHERE name = ? AND token = ?`, [NAME, token]).catch(() => {});
    await renewer.close().catch(() => {});
  };
}

/** Who holds the run lock now (the lease row, or a session lock), for `voipdb status`. */
export async function runLockHolder(conn: Connection): Promise<string | undefined> {
  const dialect = dialectOf(conn.dialect);
  const lease = await leaseHolder(conn, dialect);
  if (lease) return lease.description;
  return (await dialect.lockHolder(conn).catch(() => undefined))?.description;
}
