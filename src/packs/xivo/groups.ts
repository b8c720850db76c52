// XiVO's table groups, as its 14.08 database-merge note and its own tools name them.
//
// - network: Configuration > Network (xivo-config's HA script skips dhcp, netiface, resolvconf;
//   the "restore and keep system configuration" procedure keeps exactly these three). iproute
//   belonged to it until xivo-009.sql dropped it.
// - support: Configuration > Support (mail, monitoring; skipped by the HA script).
// - ha: the HA settings. XiVO 14.08 keeps them in /etc/xivo, outside the database; the tables
//   ha, ha_cluster_node, ha_service held them in older databases (dropped by xivo-003.sql).
// - callcenter_stats: the call-center statistics and the queue_log they are computed from.
// - cdr / session: call logs and web sessions, which the HA script also leaves out.
// - identity: infos (the installation's uuid and version), which later Wazo leaves out too.

import type { TableGroups } from '../../engine/types.js';

export const xivoTableGroups: TableGroups = {
  ha: ['ha', 'ha_cluster_node', 'ha_service'],
  network: ['dhcp', 'netiface', 'resolvconf', 'iproute'],
  support: ['mail', 'monitoring'],
  callcenter_stats: [
    'queue_log',
    'stat_agent',
    'stat_agent_periodic',
    'stat_call_on_queue',
    'stat_queue',
    'stat_queue_periodic',
  ],
  cdr: ['call_log', 'call_log_participant', 'cel'],
  session: ['session'],
  identity: ['infos'],
};

/**
 * What xivo-config's xivo-master-slave-db-replication (2014) leaves out: the four groups the
 * note names plus call logs and web sessions.
 */
export const xivoReplicateExclude = ['ha', 'network', 'support', 'callcenter_stats', 'cdr', 'session'];

/** What "restore and keep system configuration" keeps from the machine. */
export const xivoSystemConfig = ['ha', 'network', 'support'];
