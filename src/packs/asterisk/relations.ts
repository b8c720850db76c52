// The relations Asterisk's realtime modules follow by value: contrib/ast-db-manage declares no
// foreign keys between them (only musiconhold_entry's), so `erd` draws these as logical links.

import type { LogicalRelation } from '../../engine/types.js';

const rel = (table: string, column: string, refTable: string, refColumn: string, note: string): LogicalRelation => ({
  table,
  columns: [column],
  refTable,
  refColumns: [refColumn],
  note,
});

export const RELATIONS: LogicalRelation[] = [
  rel('ps_endpoints', 'aors', 'ps_aors', 'id', "res_pjsip: the endpoint's AORs (a comma list)"),
  rel('ps_endpoints', 'auth', 'ps_auths', 'id', 'res_pjsip: inbound authentication'),
  rel('ps_endpoints', 'outbound_auth', 'ps_auths', 'id', 'res_pjsip: outbound authentication'),
  rel('ps_endpoints', 'transport', 'ps_transports', 'id', 'res_pjsip: the transport calls leave by'),
  rel('ps_endpoint_id_ips', 'endpoint', 'ps_endpoints', 'id', 'res_pjsip_endpoint_identifier_ip'),
  rel('ps_contacts', 'endpoint', 'ps_endpoints', 'id', 'res_pjsip: the endpoint a contact registered for'),
  rel('ps_registrations', 'outbound_auth', 'ps_auths', 'id', 'res_pjsip_outbound_registration'),
  rel('ps_registrations', 'transport', 'ps_transports', 'id', 'res_pjsip_outbound_registration'),
  rel('ps_registrations', 'endpoint', 'ps_endpoints', 'id', 'res_pjsip_outbound_registration: line support'),
  rel('ps_outbound_publishes', 'outbound_auth', 'ps_auths', 'id', 'res_pjsip_outbound_publish'),
  rel('ps_outbound_publishes', 'transport', 'ps_transports', 'id', 'res_pjsip_outbound_publish'),
  rel('ps_inbound_publications', 'endpoint', 'ps_endpoints', 'id', 'res_pjsip_publish_asterisk'),
  rel('ps_subscription_persistence', 'endpoint', 'ps_endpoints', 'id', 'res_pjsip_pubsub'),
  rel('queue_members', 'queue_name', 'queues', 'name', 'app_queue: members of a queue'),
  rel('queues', 'defaultrule', 'queue_rules', 'rule_name', 'app_queue: the penalty rule a queue starts with'),
  rel('queue_log', 'queuename', 'queues', 'name', 'app_queue: the queue an event happened in'),
];
