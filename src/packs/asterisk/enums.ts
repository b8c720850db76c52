// Enum types shared by several revisions of the config set, with Asterisk's names and labels.
// (MySQL spells them inline; PostgreSQL creates them as types.)

import { t } from '../../schema/operations.js';

export const astBoolValues = t.enum('ast_bool_values', ['0', '1', 'off', 'on', 'false', 'true', 'no', 'yes']);
export const pjsip100relValues = t.enum('pjsip_100rel_values', ['no', 'required', 'yes']);
export const pjsipAuthTypeValues = t.enum('pjsip_auth_type_values', ['md5', 'userpass']);
export const pjsipDtmfModeValues = t.enum('pjsip_dtmf_mode_values', ['rfc4733', 'inband', 'info']);
export const pjsipDtmfModeValuesV2 = t.enum('pjsip_dtmf_mode_values_v2', ['rfc4733', 'inband', 'info', 'auto']);
export const pjsipTransportMethodValues = t.enum('pjsip_transport_method_values', [
  'default',
  'unspecified',
  'tlsv1',
  'sslv2',
  'sslv3',
  'sslv23',
]);
export const pjsipTransportProtocolValues = t.enum('pjsip_transport_protocol_values', [
  'udp',
  'tcp',
  'tls',
  'ws',
  'wss',
]);
export const sipDirectmediaValues = t.enum('sip_directmedia_values', ['yes', 'no', 'nonat', 'update']);
export const yesnoValues = t.enum('yesno_values', ['yes', 'no']);
