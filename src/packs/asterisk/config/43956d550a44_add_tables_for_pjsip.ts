// Add tables for pjsip
// Asterisk config revision 43956d550a44 (parent: 4da0c5f79a9c), after contrib/ast-db-manage/config/versions/43956d550a44_add_tables_for_pjsip.py.

import { col, t } from '../../../schema/operations.js';
import { pjsip100relValues, pjsipAuthTypeValues, pjsipDtmfModeValues, yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

const pjsipCidPrivacyValues = t.enum('pjsip_cid_privacy_values', [
  'allowed_not_screened',
  'allowed_passed_screened',
  'allowed_failed_screened',
  'allowed',
  'prohib_not_screened',
  'prohib_passed_screened',
  'prohib_failed_screened',
  'prohib',
  'unavailable',
]);
const pjsipConnectedLineMethodValues = t.enum('pjsip_connected_line_method_values', ['invite', 'reinvite', 'update']);
const pjsipDirectMediaGlareMitigationValues = t.enum('pjsip_direct_media_glare_mitigation_values', [
  'none',
  'outgoing',
  'incoming',
]);
const pjsipDtlsSetupValues = t.enum('pjsip_dtls_setup_values', ['active', 'passive', 'actpass']);
const pjsipMediaEncryptionValues = t.enum('pjsip_media_encryption_values', ['no', 'sdes', 'dtls']);
const pjsipT38udptlEcValues = t.enum('pjsip_t38udptl_ec_values', ['none', 'fec', 'redundancy']);
const pjsipTimerValues = t.enum('pjsip_timer_values', ['forced', 'no', 'required', 'yes']);

export default revision({
  id: '43956d550a44',
  parent: '4da0c5f79a9c',
  description: 'Add tables for pjsip',
  script: '43956d550a44_add_tables_for_pjsip.py',
  up: (op) => {
    op.createTable('ps_endpoints', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('transport', t.string(40)),
      col('aors', t.string(200)),
      col('auth', t.string(40)),
      col('context', t.string(40)),
      col('disallow', t.string(200)),
      col('allow', t.string(200)),
      col('direct_media', yesnoValues),
      col('connected_line_method', pjsipConnectedLineMethodValues),
      col('direct_media_method', pjsipConnectedLineMethodValues),
      col('direct_media_glare_mitigation', pjsipDirectMediaGlareMitigationValues),
      col('disable_direct_media_on_nat', yesnoValues),
      col('dtmf_mode', pjsipDtmfModeValues),
      col('external_media_address', t.string(40)),
      col('force_rport', yesnoValues),
      col('ice_support', yesnoValues),
      col('identify_by', t.enum('pjsip_identify_by_values', ['username'])),
      col('mailboxes', t.string(40)),
      col('moh_suggest', t.string(40)),
      col('outbound_auth', t.string(40)),
      col('outbound_proxy', t.string(40)),
      col('rewrite_contact', yesnoValues),
      col('rtp_ipv6', yesnoValues),
      col('rtp_symmetric', yesnoValues),
      col('send_diversion', yesnoValues),
      col('send_pai', yesnoValues),
      col('send_rpid', yesnoValues),
      col('timers_min_se', t.integer()),
      col('timers', pjsipTimerValues),
      col('timers_sess_expires', t.integer()),
      col('callerid', t.string(40)),
      col('callerid_privacy', pjsipCidPrivacyValues),
      col('callerid_tag', t.string(40)),
      col('100rel', pjsip100relValues),
      col('aggregate_mwi', yesnoValues),
      col('trust_id_inbound', yesnoValues),
      col('trust_id_outbound', yesnoValues),
      col('use_ptime', yesnoValues),
      col('use_avpf', yesnoValues),
      col('media_encryption', pjsipMediaEncryptionValues),
      col('inband_progress', yesnoValues),
      col('call_group', t.string(40)),
      col('pickup_group', t.string(40)),
      col('named_call_group', t.string(40)),
      col('named_pickup_group', t.string(40)),
      col('device_state_busy_at', t.integer()),
      col('fax_detect', yesnoValues),
      col('t38_udptl', yesnoValues),
      col('t38_udptl_ec', pjsipT38udptlEcValues),
      col('t38_udptl_maxdatagram', t.integer()),
      col('t38_udptl_nat', yesnoValues),
      col('t38_udptl_ipv6', yesnoValues),
      col('tone_zone', t.string(40)),
      col('language', t.string(40)),
      col('one_touch_recording', yesnoValues),
      col('record_on_feature', t.string(40)),
      col('record_off_feature', t.string(40)),
      col('rtp_engine', t.string(40)),
      col('allow_transfer', yesnoValues),
      col('allow_subscribe', yesnoValues),
      col('sdp_owner', t.string(40)),
      col('sdp_session', t.string(40)),
      col('tos_audio', t.integer()),
      col('tos_video', t.integer()),
      col('cos_audio', t.integer()),
      col('cos_video', t.integer()),
      col('sub_min_expiry', t.integer()),
      col('from_domain', t.string(40)),
      col('from_user', t.string(40)),
      col('mwi_fromuser', t.string(40)),
      col('dtls_verify', t.string(40)),
      col('dtls_rekey', t.string(40)),
      col('dtls_cert_file', t.string(200)),
      col('dtls_private_key', t.string(200)),
      col('dtls_cipher', t.string(200)),
      col('dtls_ca_file', t.string(200)),
      col('dtls_ca_path', t.string(200)),
      col('dtls_setup', pjsipDtlsSetupValues),
      col('srtp_tag_32', yesnoValues),
    ]);
    op.createIndex('ps_endpoints_id', 'ps_endpoints', ['id']);
    op.createTable('ps_auths', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('auth_type', pjsipAuthTypeValues),
      col('nonce_lifetime', t.integer()),
      col('md5_cred', t.string(40)),
      col('password', t.string(80)),
      col('realm', t.string(40)),
      col('username', t.string(40)),
    ]);
    op.createIndex('ps_auths_id', 'ps_auths', ['id']);
    op.createTable('ps_aors', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('contact', t.string(40)),
      col('default_expiration', t.integer()),
      col('mailboxes', t.string(80)),
      col('max_contacts', t.integer()),
      col('minimum_expiration', t.integer()),
      col('remove_existing', yesnoValues),
      col('qualify_frequency', t.integer()),
      col('authenticate_qualify', yesnoValues),
    ]);
    op.createIndex('ps_aors_id', 'ps_aors', ['id']);
    op.createTable('ps_contacts', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('uri', t.string(40)),
      col('expiration_time', t.string(40)),
      col('qualify_frequency', t.integer()),
    ]);
    op.createIndex('ps_contacts_id', 'ps_contacts', ['id']);
    op.createTable('ps_domain_aliases', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('domain', t.string(80)),
    ]);
    op.createIndex('ps_domain_aliases_id', 'ps_domain_aliases', ['id']);
    op.createTable('ps_endpoint_id_ips', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('endpoint', t.string(40)),
      col('match', t.string(80)),
    ]);
    op.createIndex('ps_endpoint_id_ips_id', 'ps_endpoint_id_ips', ['id']);
  },
  down: (op) => {
    op.dropTable('ps_endpoints');
    op.dropTable('ps_auths');
    op.dropTable('ps_aors');
    op.dropTable('ps_contacts');
    op.dropTable('ps_domain_aliases');
    op.dropTable('ps_endpoint_id_ips');
    op.dropEnum('yesno_values');
    op.dropEnum('pjsip_100rel_values');
    op.dropEnum('pjsip_auth_type_values');
    op.dropEnum('pjsip_cid_privacy_values');
    op.dropEnum('pjsip_connected_line_method_values');
    op.dropEnum('pjsip_direct_media_glare_mitigation_values');
    op.dropEnum('pjsip_dtls_setup_values');
    op.dropEnum('pjsip_dtmf_mode_values');
    op.dropEnum('pjsip_identify_by_values');
    op.dropEnum('pjsip_media_encryption_values');
    op.dropEnum('pjsip_t38udptl_ec_values');
    op.dropEnum('pjsip_timer_values');
  },
});
