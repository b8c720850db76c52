// more permission boolean columns
// Asterisk config revision 74dc751dfe8e (parent: bd335bae5d33), after contrib/ast-db-manage/config/versions/74dc751dfe8e_more_permission_boolean_columns.py.

import { astBoolValues, yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

/** The yes/no columns that become ast_bool_values, by table. */
const COLUMNS: [table: string, columns: string[]][] = [
  ['ps_aors', ['authenticate_qualify', 'remove_existing', 'support_path']],
  ['ps_asterisk_publications', ['device_state', 'mailbox_state']],
  ['ps_contacts', ['authenticate_qualify', 'prune_on_boot']],
  ['ps_endpoint_id_ips', ['srv_lookups']],
  [
    'ps_endpoints',
    [
      'accept_multiple_sdp_answers',
      'aggregate_mwi',
      'allow_overlap',
      'allow_subscribe',
      'allow_transfer',
      'asymmetric_rtp_codec',
      'bind_rtp_to_media_address',
      'bundle',
      'direct_media',
      'disable_direct_media_on_nat',
      'dtls_auto_generate_cert',
      'fax_detect',
      'follow_early_media_fork',
      'force_avp',
      'force_rport',
      'g726_non_standard',
      'ice_support',
      'inband_progress',
      'media_encryption_optimistic',
      'media_use_received_transport',
      'moh_passthrough',
      'notify_early_inuse_ringing',
      'one_touch_recording',
      'preferred_codec_only',
      'refer_blind_progress',
      'rewrite_contact',
      'rpid_immediate',
      'rtcp_mux',
      'rtp_ipv6',
      'rtp_symmetric',
      'send_diversion',
      'send_pai',
      'send_rpid',
      'srtp_tag_32',
      'suppress_q850_reason_headers',
      't38_udptl',
      't38_udptl_ipv6',
      't38_udptl_nat',
      'trust_id_inbound',
      'trust_id_outbound',
      'use_avpf',
      'use_ptime',
      'user_eq_phone',
      'webrtc',
    ],
  ],
  ['ps_globals', ['disable_multi_domain', 'ignore_uri_user_options', 'mwi_disable_initial_unsolicited']],
  ['ps_outbound_publishes', ['multi_user']],
  ['ps_registrations', ['auth_rejection_permanent', 'line', 'support_path']],
  ['ps_resource_list', ['full_state']],
  ['ps_subscription_persistence', ['prune_on_boot']],
  ['ps_systems', ['accept_multiple_sdp_answers', 'compact_headers', 'disable_tcp_switch', 'follow_early_media_fork']],
  [
    'ps_transports',
    [
      'allow_reload',
      'allow_wildcard_certs',
      'require_client_cert',
      'symmetric_transport',
      'verify_client',
      'verify_server',
    ],
  ],
];

/** 'yes' when the value says true, else 'no' (the downgrade's mapping back to yes/no). */
function yesOrNo(table: string, column: string): string {
  const c = `${table}.${column}`;
  return `CASE WHEN (${c} = 'yes' OR ${c} = '1' OR ${c} = 'on' OR ${c} = 'true') THEN 'yes' ELSE 'no' END`;
}

export default revision({
  id: '74dc751dfe8e',
  parent: 'bd335bae5d33',
  description: 'more permission boolean columns',
  script: '74dc751dfe8e_more_permission_boolean_columns.py',
  up: (op) => {
    for (const [table, columns] of COLUMNS) {
      for (const c of columns)
        op.alter(table, c, { type: astBoolValues, existingType: yesnoValues, using: `"${c}"::text::ast_bool_values` });
    }
  },
  down: (op) => {
    for (const [table, columns] of COLUMNS) {
      // SQLAlchemy casts to the enum type on PostgreSQL and leaves the cast out on MySQL.
      const pg = columns.map((c) => `${c}=CAST(${yesOrNo(table, c)} AS ast_bool_values)`).join(', ');
      const other = columns.map((c) => `${c}=${yesOrNo(table, c)}`).join(', ');
      op.sqlOn(table, { postgres: `UPDATE ${table} SET ${pg}`, default: `UPDATE ${table} SET ${other}` });
    }
    for (const [table, columns] of COLUMNS) {
      for (const c of columns)
        op.alter(table, c, { type: yesnoValues, existingType: astBoolValues, using: `"${c}"::text::yesno_values` });
    }
  },
});
