// MySQL/MariaDB's cluster knowledge: a Galera node (size, state, DDL method), a read-only replica
// (and its source), and who blocks a waiting statement.

import type { Connection } from '../db/connection.js';
import { SINGLE, type Topology } from '../db/topology.js';
import type { LockBlocker } from './dialect.js';

type Pair = { Variable_name: string; Value: string };
const asMap = (rows: Pair[]) => new Map(rows.map((r) => [r.Variable_name.toLowerCase(), String(r.Value)]));

export async function mysqlTopology(conn: Connection): Promise<Topology> {
  const vars = asMap(
    await conn.query<Pair>(
      "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('wsrep_on', 'wsrep_node_name', 'wsrep_OSU_method', 'read_only')",
    ),
  );
  if (vars.get('wsrep_on') === 'ON') {
    const st = asMap(await conn.query<Pair>("SHOW GLOBAL STATUS LIKE 'wsrep%'"));
    return {
      kind: 'galera',
      galera: {
        size: Number(st.get('wsrep_cluster_size') ?? 0),
        state: st.get('wsrep_local_state_comment') ?? '?',
        status: st.get('wsrep_cluster_status') ?? '?',
        node: vars.get('wsrep_node_name') ?? '',
        osuMethod: vars.get('wsrep_osu_method') ?? 'TOI',
        addresses: (st.get('wsrep_incoming_addresses') ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a && a !== 'AUTO'),
      },
      sessionLockHolds: false,
    };
  }
  if (vars.get('read_only') === 'ON') {
    const [s] = await conn.query<{ Master_Host?: string; Master_Port?: number }>('SHOW SLAVE STATUS').catch(() => []);
    return {
      kind: 'standby',
      standby: {
        reason: 'read_only=ON: a replica',
        primary: s?.Master_Host ? `${s.Master_Host}:${s.Master_Port ?? 3306}` : undefined,
      },
      sessionLockHolds: true,
    };
  }
  return SINGLE;
}

export async function mysqlSessionId(conn: Connection): Promise<string> {
  const [r] = await conn.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
  return String(r!.id);
}

/**
 * Who keeps a statement of session `session` waiting. A row lock wait names its blocker
 * (INNODB_LOCK_WAITS); a metadata lock wait (ALTER behind an open transaction) does not, so the
 * open transactions that touched InnoDB are named, oldest first.
 */
export async function mysqlBlockers(observer: Connection, session: string): Promise<LockBlocker[]> {
  const rows = await observer.query<{
    id: number;
    user: string;
    host: string;
    command: string;
    query: string | null;
    since: string;
  }>(
    `SELECT p.ID AS id, p.USER AS user, p.HOST AS host, p.COMMAND AS command, LEFT(COALESCE(t.trx_query, p.INFO), 200) AS query,
            DATE_FORMAT(CONVERT_TZ(t.trx_started, @@session.time_zone, '+00:00'), '%Y-%m-%d %H:%i:%s') AS since
       FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
      WHERE t.trx_mysql_thread_id <> ? AND t.trx_mysql_thread_id <> CONNECTION_ID()
      ORDER BY t.trx_started LIMIT 5`,
    [Number(session)],
  );
  return rows.map((r) => ({
    session: `connection ${r.id}`,
    user: `${r.user}@${r.host}`,
    state: r.command === 'Sleep' ? 'idle in transaction' : r.command.toLowerCase(),
    query: (r.query ?? '').replace(/\s+/g, ' ').trim(),
    since: `${r.since} UTC`,
  }));
}
