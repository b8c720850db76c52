// Choosing tables: Asterisk's `config` set creates tables for every realtime module. An admin
// may leave out the modules they do not use (option `exclude`); every operation on those
// modules' tables is then skipped, and so are the enum types only they use.

import { VoipdbError } from '../../core/errors.js';
import type { Operation } from '../../schema/operations.js';

export interface AsteriskModule {
  /** The Asterisk module that reads these tables. */
  module: string;
  tables: string[];
  /** PostgreSQL enum types the tables use (a shared type stays while any user of it is kept). */
  enums: string[];
}

const PJSIP_TABLES = [
  'ps_aors',
  'ps_asterisk_publications',
  'ps_auths',
  'ps_contacts',
  'ps_domain_aliases',
  'ps_endpoint_id_ips',
  'ps_endpoints',
  'ps_globals',
  'ps_inbound_publications',
  'ps_outbound_publishes',
  'ps_registrations',
  'ps_resource_list',
  'ps_subscription_persistence',
  'ps_systems',
  'ps_transports',
];

export const MODULES: Record<string, AsteriskModule> = {
  sip: {
    module: 'chan_sip',
    tables: ['sippeers'],
    enums: [
      'sip_callingpres_values',
      'sip_directmedia_values',
      'sip_directmedia_values_v2',
      'sip_dtmfmode_values',
      'sip_progressinband_values',
      'sip_session_refresher_values',
      'sip_session_timers_values',
      'sip_transport_values',
      'type_values',
      'yes_no_values',
    ],
  },
  iax: {
    module: 'chan_iax2',
    tables: ['iaxfriends'],
    enums: [
      'iax_encryption_values',
      'iax_requirecalltoken_values',
      'iax_transfer_values',
      'type_values',
      'yes_no_values',
    ],
  },
  voicemail: { module: 'app_voicemail', tables: ['voicemail'], enums: ['yes_no_values'] },
  meetme: { module: 'app_meetme', tables: ['meetme'], enums: [] },
  musiconhold: {
    module: 'res_musiconhold',
    tables: ['musiconhold', 'musiconhold_entry'],
    enums: ['moh_mode_values', 'yesno_values'],
  },
  queues: {
    module: 'app_queue',
    tables: ['queues', 'queue_members', 'queue_rules'],
    enums: ['ast_bool_values', 'queue_autopause_values', 'queue_strategy_values', 'yesno_values'],
  },
  extensions: { module: 'pbx_realtime', tables: ['extensions'], enums: [] },
  pjsip: {
    module: 'res_pjsip',
    tables: PJSIP_TABLES,
    enums: [
      'ast_bool_values',
      'pjsip_100rel_values',
      'pjsip_100rel_values_v2',
      'pjsip_auth_type_values',
      'pjsip_auth_type_values_v2',
      'pjsip_cid_privacy_values',
      'pjsip_connected_line_method_values',
      'pjsip_direct_media_glare_mitigation_values',
      'pjsip_dtls_setup_values',
      'pjsip_dtmf_mode_values',
      'pjsip_dtmf_mode_values_v2',
      'pjsip_dtmf_mode_values_v3',
      'pjsip_identify_by_values',
      'pjsip_incoming_call_offer_pref_values',
      'pjsip_media_encryption_values',
      'pjsip_outgoing_call_offer_pref_values',
      'pjsip_redirect_method_values',
      'pjsip_t38udptl_ec_values',
      'pjsip_taskprocessor_overload_trigger_values',
      'pjsip_timer_values',
      'pjsip_transport_method_values',
      'pjsip_transport_method_values_v2',
      'pjsip_transport_protocol_values',
      'pjsip_transport_protocol_values_v2',
      'security_negotiation_values',
      'sha_hash_values',
      'yesno_values',
    ],
  },
  stir_shaken: { module: 'res_stir_shaken', tables: ['stir_tn'], enums: ['ast_bool_values'] },
};

/** Module names an admin may give: ours, or Asterisk's own (chan_sip, app_queue, ...). */
function moduleKey(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  if (MODULES[n]) return n;
  return Object.keys(MODULES).find((k) => MODULES[k]!.module === n);
}

export interface Exclusion {
  modules: string[];
  tables: Set<string>;
  enums: Set<string>;
}

/** The exclusion an `exclude` option asks for; undefined when nothing is excluded. */
export function exclusionOf(exclude: unknown): Exclusion | undefined {
  const list = typeof exclude === 'string' ? exclude.split(',') : Array.isArray(exclude) ? exclude.map(String) : [];
  const modules: string[] = [];
  for (const name of list.filter((s) => s.trim())) {
    const key = moduleKey(name);
    if (!key) {
      throw new VoipdbError('usage', `unknown Asterisk module "${name}" in --exclude`, {
        hint: `choose among: ${Object.keys(MODULES).join(', ')}`,
      });
    }
    if (!modules.includes(key)) modules.push(key);
  }
  if (!modules.length) return undefined;
  const kept = Object.keys(MODULES).filter((k) => !modules.includes(k));
  const keptEnums = new Set(kept.flatMap((k) => MODULES[k]!.enums));
  return {
    modules: modules.sort(),
    tables: new Set(modules.flatMap((k) => MODULES[k]!.tables)),
    enums: new Set(modules.flatMap((k) => MODULES[k]!.enums).filter((e) => !keptEnums.has(e))),
  };
}

/** The operation with the excluded modules taken out of it; undefined when nothing is left. */
export function withoutExcluded(o: Operation, ex: Exclusion, sqlTable: string | undefined): Operation | undefined {
  switch (o.op) {
    case 'createIndex':
      return ex.tables.has(o.index.table) ? undefined : o;
    case 'createEnum':
    case 'dropEnum':
      return ex.enums.has(o.name) ? undefined : o;
    case 'replaceEnum': {
      if (ex.enums.has(o.name) || ex.enums.has(o.newName)) return undefined;
      return { ...o, columns: o.columns.filter((c) => !ex.tables.has(c.table)) };
    }
    case 'sql':
      return sqlTable && ex.tables.has(sqlTable) ? undefined : o;
    default:
      return 'table' in o && typeof o.table === 'string' && ex.tables.has(o.table) ? undefined : o;
  }
}
