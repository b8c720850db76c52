// Add/Update tables for pjsip
// Asterisk config revision 2fc7930b41b3 (parent: 581a4264e537), after contrib/ast-db-manage/config/versions/2fc7930b41b3_add_pjsip_endpoint_options_for_12_1.py.

import { col, t } from '../../../schema/operations.js';
import { pjsipTransportMethodValues, pjsipTransportProtocolValues, yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

const pjsipRedirectMethodValues = t.enum('pjsip_redirect_method_values', ['user', 'uri_core', 'uri_pjsip']);

export default revision({
  id: '2fc7930b41b3',
  parent: '581a4264e537',
  description: 'Add/Update tables for pjsip',
  script: '2fc7930b41b3_add_pjsip_endpoint_options_for_12_1.py',
  up: (op) => {
    op.createEnumFor(pjsipRedirectMethodValues);
    op.createTable('ps_systems', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('timer_t1', t.integer()),
      col('timer_b', t.integer()),
      col('compact_headers', yesnoValues),
      col('threadpool_initial_size', t.integer()),
      col('threadpool_auto_increment', t.integer()),
      col('threadpool_idle_timeout', t.integer()),
      col('threadpool_max_size', t.integer()),
    ]);
    op.createIndex('ps_systems_id', 'ps_systems', ['id']);
    op.createTable('ps_globals', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('max_forwards', t.integer()),
      col('user_agent', t.string(40)),
      col('default_outbound_endpoint', t.string(40)),
    ]);
    op.createIndex('ps_globals_id', 'ps_globals', ['id']);
    op.createTable('ps_transports', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('async_operations', t.integer()),
      col('bind', t.string(40)),
      col('ca_list_file', t.string(200)),
      col('cert_file', t.string(200)),
      col('cipher', t.string(200)),
      col('domain', t.string(40)),
      col('external_media_address', t.string(40)),
      col('external_signaling_address', t.string(40)),
      col('external_signaling_port', t.integer()),
      col('method', pjsipTransportMethodValues),
      col('local_net', t.string(40)),
      col('password', t.string(40)),
      col('priv_key_file', t.string(200)),
      col('protocol', pjsipTransportProtocolValues),
      col('require_client_cert', yesnoValues),
      col('verify_client', yesnoValues),
      col('verifiy_server', yesnoValues),
      col('tos', yesnoValues),
      col('cos', yesnoValues),
    ]);
    op.createIndex('ps_transports_id', 'ps_transports', ['id']);
    op.createTable('ps_registrations', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('auth_rejection_permanent', yesnoValues),
      col('client_uri', t.string(40)),
      col('contact_user', t.string(40)),
      col('expiration', t.integer()),
      col('max_retries', t.integer()),
      col('outbound_auth', t.string(40)),
      col('outbound_proxy', t.string(40)),
      col('retry_interval', t.integer()),
      col('forbidden_retry_interval', t.integer()),
      col('server_uri', t.string(40)),
      col('transport', t.string(40)),
      col('support_path', yesnoValues),
    ]);
    op.createIndex('ps_registrations_id', 'ps_registrations', ['id']);
    op.addColumn('ps_endpoints', col('media_address', t.string(40)));
    op.addColumn('ps_endpoints', col('redirect_method', pjsipRedirectMethodValues));
    op.addColumn('ps_endpoints', col('set_var', t.text()));
    op.alter('ps_endpoints', 'mwi_fromuser', { existingType: t.string(40), newName: 'mwi_from_user' });
    op.addColumn('ps_contacts', col('outbound_proxy', t.string(40)));
    op.addColumn('ps_contacts', col('path', t.text()));
    op.addColumn('ps_aors', col('maximum_expiration', t.integer()));
    op.addColumn('ps_aors', col('outbound_proxy', t.string(40)));
    op.addColumn('ps_aors', col('support_path', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_aors', 'support_path');
    op.dropColumn('ps_aors', 'outbound_proxy');
    op.dropColumn('ps_aors', 'maximum_expiration');
    op.dropColumn('ps_contacts', 'path');
    op.dropColumn('ps_contacts', 'outbound_proxy');
    op.alter('ps_endpoints', 'mwi_from_user', { existingType: t.string(40), newName: 'mwi_fromuser' });
    op.dropColumn('ps_endpoints', 'set_var');
    op.dropColumn('ps_endpoints', 'redirect_method');
    op.dropColumn('ps_endpoints', 'media_address');
    op.dropTable('ps_registrations');
    op.dropTable('ps_transports');
    op.dropTable('ps_globals');
    op.dropTable('ps_systems');
    op.dropEnum('pjsip_transport_protocol_values');
    op.dropEnum('pjsip_transport_method_values');
    op.dropEnum('pjsip_redirect_method_values');
  },
});
