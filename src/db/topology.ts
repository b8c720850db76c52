// What stands behind a target: one server, a Galera cluster, a read-only standby, or a pooler.
// The dialect detects it (dialect/*-topology.ts); the engine adapts its lock and refuses where a
// promise cannot hold (a write on a standby, an upgrade through a Galera node that is not synced).

export interface GaleraInfo {
  /** wsrep_cluster_size */
  size: number;
  /** wsrep_local_state_comment: Synced, Donor/Desynced, Joining, ... */
  state: string;
  /** wsrep_cluster_status: Primary, or non-Primary when this node lost the quorum. */
  status: string;
  /** wsrep_node_name */
  node: string;
  /** wsrep_OSU_method: TOI (DDL blocks the whole cluster while it runs) or RSU. */
  osuMethod: string;
  /** The other nodes' client addresses (wsrep_incoming_addresses), to name one that is synced. */
  addresses: string[];
}

export interface StandbyInfo {
  /** Why it is read-only: "recovery (streaming standby)", "read_only=ON". */
  reason: string;
  /** host:port of the primary, when the standby says it (primary_conninfo, pg_stat_wal_receiver, SHOW SLAVE STATUS). */
  primary?: string;
}

export interface PoolerInfo {
  /** What was seen: e.g. "port 6432 answered by a server listening on 5432". */
  evidence: string;
}

export interface Topology {
  kind: 'single' | 'galera' | 'standby' | 'pooler';
  galera?: GaleraInfo;
  standby?: StandbyInfo;
  pooler?: PoolerInfo;
  /**
   * Does a session lock (pg_advisory_lock, GET_LOCK) mean one upgrade at a time here? Not on
   * Galera (GET_LOCK is local to a node) nor behind a pooler (the session is lent per transaction):
   * there the run lock is a lease row in voipdb_lock.
   */
  sessionLockHolds: boolean;
}

export const SINGLE: Topology = { kind: 'single', sessionLockHolds: true };

/** One line for people: "Galera cluster of 3 (node1, Synced)". */
export function describeTopology(t: Topology): string {
  if (t.galera)
    return `Galera cluster of ${t.galera.size} (node ${t.galera.node || '?'}, ${t.galera.state}, DDL by ${t.galera.osuMethod})`;
  if (t.standby)
    return `read-only standby (${t.standby.reason}${t.standby.primary ? `; primary ${t.standby.primary}` : ''})`;
  if (t.pooler) return `behind a pooler or proxy (${t.pooler.evidence})`;
  return 'one server';
}
