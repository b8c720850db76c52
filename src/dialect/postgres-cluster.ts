// PostgreSQL's cluster knowledge: is this a streaming standby (and where is its primary), is a
// pooler between us and the server, who blocks a waiting statement, and how far the standbys
// have replayed.

import type { Connection } from '../db/connection.js';
import { SINGLE, type Topology } from '../db/topology.js';
import type { LockBlocker, ReplicaState } from './dialect.js';

/** host:port from a libpq conninfo string (primary_conninfo), never its password. */
export function conninfoAddress(conninfo: string): string | undefined {
  const get = (k: string) =>
    new RegExp(String.raw`(?:^|\s)${k}\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`).exec(conninfo)?.[1]?.replace(/^'|'$/g, '');
  const host = get('host') ?? get('hostaddr');
  return host ? `${host}:${get('port') ?? '5432'}` : undefined;
}

export async function postgresTopology(conn: Connection): Promise<Topology> {
  const [r] = await conn.query<{ recovery: boolean; server_port: number | null; server_addr: string | null }>(
    'SELECT pg_is_in_recovery() AS recovery, inet_server_port() AS server_port, host(inet_server_addr()) AS server_addr',
  );
  if (r?.recovery) {
    // pg_stat_wal_receiver says where it streams from (superuser / pg_read_all_stats); primary_conninfo otherwise.
    const [w] = await conn
      .query<{ host: string | null; port: number | null }>(
        'SELECT sender_host AS host, sender_port AS port FROM pg_stat_wal_receiver',
      )
      .catch(() => []);
    let primary = w?.host ? `${w.host}:${w.port ?? 5432}` : undefined;
    if (!primary) {
      const [c] = await conn
        .query<{ info: string | null }>("SELECT current_setting('primary_conninfo', true) AS info")
        .catch(() => []);
      primary = c?.info ? conninfoAddress(c.info) : undefined;
    }
    return {
      kind: 'standby',
      standby: { reason: 'in recovery: a streaming standby', primary },
      sessionLockHolds: true,
    };
  }
  // A pooler (PgBouncer, pgpool) or a proxy answers on its own port and reaches the server on
  // another: the session we see is lent, so session state and advisory locks do not hold.
  const asked = conn.target.port ?? 5432;
  const viaSocket = !conn.target.host || conn.target.host.startsWith('/');
  if (!viaSocket && r && r.server_port !== null && Number(r.server_port) !== Number(asked)) {
    return {
      kind: 'pooler',
      pooler: { evidence: `port ${asked} answered by a server listening on ${r.server_port}` },
      sessionLockHolds: false,
    };
  }
  if (!viaSocket && r && r.server_port === null) {
    return {
      kind: 'pooler',
      pooler: { evidence: `port ${asked} answered by a server reached over a Unix socket` },
      sessionLockHolds: false,
    };
  }
  return SINGLE;
}

export async function postgresSessionId(conn: Connection): Promise<string> {
  const [r] = await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return String(r!.pid);
}

export async function postgresBlockers(observer: Connection, session: string): Promise<LockBlocker[]> {
  const rows = await observer.query<{
    pid: number;
    usename: string | null;
    state: string | null;
    query: string | null;
    since: string | null;
  }>(
    `SELECT b.pid, b.usename, b.state, left(b.query, 200) AS query,
            to_char(COALESCE(b.xact_start, b.backend_start) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS since
       FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(?))`,
    [Number(session)],
  );
  return rows.map((b) => ({
    session: `pid ${b.pid}`,
    user: b.usename ?? '?',
    state: b.state ?? '?',
    query: oneLine(b.query),
    since: `${b.since} UTC`,
  }));
}

const oneLine = (q: string | null) => (q ?? '').replace(/\s+/g, ' ').trim();

export async function postgresReplicaPosition(conn: Connection): Promise<string> {
  const [r] = await conn.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  return r!.lsn;
}

export async function postgresReplicas(conn: Connection, position: string): Promise<ReplicaState[]> {
  const rows = await conn.query<{
    name: string;
    addr: string | null;
    state: string;
    behind: string | null;
    lag_ms: number | null;
  }>(
    `SELECT application_name AS name, host(client_addr) AS addr, state,
            pg_wal_lsn_diff(?::pg_lsn, replay_lsn)::text AS behind,
            (EXTRACT(EPOCH FROM replay_lag) * 1000)::int AS lag_ms
       FROM pg_stat_replication ORDER BY application_name`,
    [position],
  );
  return rows.map((r) => ({
    name: r.name || r.addr || '?',
    state: r.state,
    behindBytes: r.behind === null ? null : Math.max(0, Number(r.behind)),
    lagMs: r.lag_ms,
    caughtUp: r.behind !== null && Number(r.behind) <= 0,
  }));
}
