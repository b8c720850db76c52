// Before an upgrade writes anything: where is it writing? A standby cannot take writes, and a
// Galera node that is not synced would apply DDL the cluster has not agreed on. Both are refused
// in one line naming where to run it instead.

import { VoipdbError } from '../core/errors.js';
import type { EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import { describeTopology, type Topology } from '../db/topology.js';
import type { Dialect } from '../dialect/index.js';

/** The target's URL (redacted) with another host:port. */
export function urlAt(conn: Connection, address: string): string {
  const t = conn.target;
  if (!t.host) return t.display;
  const at = t.port ? `${t.host}:${t.port}` : t.host;
  return t.display.includes(at) ? t.display.replace(at, address) : t.display;
}

/** Detect the topology and refuse a write where it cannot hold; says what it found when verbose. */
export async function guardWrites(
  conn: Connection,
  dialect: Dialect,
  command: string,
  events: EventSink,
): Promise<Topology> {
  const t = await dialect.topology(conn);
  if (t.kind !== 'single') events({ type: 'log', level: 'verbose', message: `topology: ${describeTopology(t)}` });
  if (t.standby) {
    const primary = t.standby.primary;
    throw new VoipdbError(
      'refused',
      `this server is a read-only standby (${t.standby.reason})${primary ? `; its primary is ${primary}` : ''}: ${command} must run on the primary`,
      {
        where: conn.target.display,
        hint: primary
          ? `voipdb ${command} --url ${urlAt(conn, primary)} (check, status, history and diff work here, read-only)`
          : `run voipdb ${command} with the primary's URL (check, status, history and diff work here, read-only)`,
      },
    );
  }
  const g = t.galera;
  if (g && (g.state !== 'Synced' || g.status !== 'Primary')) {
    const here = `${conn.target.host}:${conn.target.port ?? 3306}`;
    const other = g.addresses.find((a) => a !== here);
    const why =
      g.status !== 'Primary'
        ? `is not in the primary component (wsrep_cluster_status=${g.status})`
        : `is ${g.state}, not Synced`;
    throw new VoipdbError(
      'refused',
      `Galera node ${g.node || here} ${why}: DDL through it would not be the cluster's`,
      {
        where: conn.target.display,
        hint: other
          ? `run it through a synced node: voipdb ${command} --url ${urlAt(conn, other)}`
          : `wait until the node is Synced (SHOW STATUS LIKE 'wsrep_local_state_comment'), then run voipdb ${command} again`,
      },
    );
  }
  return t;
}
