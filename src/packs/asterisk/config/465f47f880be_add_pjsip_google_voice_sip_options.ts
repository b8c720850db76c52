// add pjsip google voice sip options
// Asterisk config revision 465f47f880be (parent: 7f85dd44c775), after contrib/ast-db-manage/config/versions/465f47f880be_add_pjsip_google_voice_sip_options.py.

import { col, t } from '../../../schema/operations.js';
import { astBoolValues, pjsipAuthTypeValues, pjsipTransportProtocolValues } from '../enums.js';
import { revision } from '../revision.js';

const pjsipAuthTypeValuesV2 = t.enum('pjsip_auth_type_values_v2', ['md5', 'userpass', 'google_oauth']);
const pjsipTransportProtocolValuesV2 = t.enum('pjsip_transport_protocol_values_v2', [
  'udp',
  'tcp',
  'tls',
  'ws',
  'wss',
  'flow',
]);

export default revision({
  id: '465f47f880be',
  parent: '7f85dd44c775',
  description: 'add pjsip google voice sip options',
  script: '465f47f880be_add_pjsip_google_voice_sip_options.py',
  up: (op) => {
    op.replaceEnumType('pjsip_transport_protocol_values', pjsipTransportProtocolValuesV2, [
      ['ps_transports', 'protocol'],
    ]);
    op.replaceEnumType('pjsip_auth_type_values', pjsipAuthTypeValuesV2, [['ps_auths', 'auth_type']]);
    op.addColumn('ps_registrations', col('support_outbound', astBoolValues));
    op.addColumn('ps_registrations', col('contact_header_params', t.string(255)));
    op.addColumn('ps_auths', col('refresh_token', t.string(255)));
    op.addColumn('ps_auths', col('oauth_clientid', t.string(255)));
    op.addColumn('ps_auths', col('oauth_secret', t.string(255)));
  },
  down: (op) => {
    op.sqlOn('ps_transports', "UPDATE ps_transports SET protocol='udp' WHERE protocol='flow'");
    op.sqlOn('ps_auths', "UPDATE ps_auths SET auth_type='userpass' WHERE auth_type='google_oauth'");
    op.replaceEnumType('pjsip_transport_protocol_values_v2', pjsipTransportProtocolValues, [
      ['ps_transports', 'protocol'],
    ]);
    op.replaceEnumType('pjsip_auth_type_values_v2', pjsipAuthTypeValues, [['ps_auths', 'auth_type']]);
    op.dropColumn('ps_registrations', 'support_outbound');
    op.dropColumn('ps_registrations', 'contact_header_params');
    op.dropColumn('ps_auths', 'refresh_token');
    op.dropColumn('ps_auths', 'oauth_clientid');
    op.dropColumn('ps_auths', 'oauth_secret');
  },
});
