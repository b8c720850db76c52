// increase pjsip id length
// Asterisk config revision dac2b4c328b8 (parent: f5b0e7427449), after contrib/ast-db-manage/config/versions/dac2b4c328b8_incease_pjsip_id_length.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'dac2b4c328b8',
  parent: 'f5b0e7427449',
  description: 'increase pjsip id length',
  script: 'dac2b4c328b8_incease_pjsip_id_length.py',
  up: (op) => {
    op.alter('ps_aors', 'id', { type: t.string(255) });
    op.alter('ps_aors', 'outbound_proxy', { type: t.string(255) });
    op.alter('ps_auths', 'id', { type: t.string(255) });
    op.alter('ps_auths', 'realm', { type: t.string(255) });
    op.alter('ps_contacts', 'outbound_proxy', { type: t.string(255) });
    op.alter('ps_contacts', 'endpoint', { type: t.string(255) });
    op.alter('ps_domain_aliases', 'id', { type: t.string(255) });
    op.alter('ps_domain_aliases', 'domain', { type: t.string(255) });
    op.alter('ps_endpoint_id_ips', 'id', { type: t.string(255) });
    op.alter('ps_endpoint_id_ips', 'endpoint', { type: t.string(255) });
    op.alter('ps_endpoints', 'id', { type: t.string(255) });
    op.alter('ps_endpoints', 'aors', { type: t.string(2048) });
    op.alter('ps_endpoints', 'auth', { type: t.string(255) });
    op.alter('ps_endpoints', 'outbound_auth', { type: t.string(255) });
    op.alter('ps_endpoints', 'outbound_proxy', { type: t.string(255) });
    op.alter('ps_inbound_publications', 'id', { type: t.string(255) });
    op.alter('ps_inbound_publications', 'endpoint', { type: t.string(255) });
    op.alter('ps_outbound_publishes', 'id', { type: t.string(255) });
    op.alter('ps_outbound_publishes', 'outbound_auth', { type: t.string(255) });
    op.alter('ps_registrations', 'id', { type: t.string(255) });
    op.alter('ps_registrations', 'outbound_auth', { type: t.string(255) });
    op.alter('ps_registrations', 'outbound_proxy', { type: t.string(255) });
    op.alter('ps_registrations', 'endpoint', { type: t.string(255) });
  },
  down: (op) => {
    op.alter('ps_aors', 'id', { type: t.string(40) });
    op.alter('ps_aors', 'outbound_proxy', { type: t.string(40) });
    op.alter('ps_auths', 'id', { type: t.string(40) });
    op.alter('ps_auths', 'realm', { type: t.string(40) });
    op.alter('ps_contacts', 'outbound_proxy', { type: t.string(40) });
    op.alter('ps_contacts', 'endpoint', { type: t.string(40) });
    op.alter('ps_domain_aliases', 'id', { type: t.string(40) });
    op.alter('ps_domain_aliases', 'domain', { type: t.string(40) });
    op.alter('ps_endpoint_id_ips', 'id', { type: t.string(40) });
    op.alter('ps_endpoint_id_ips', 'endpoint', { type: t.string(40) });
    op.alter('ps_endpoints', 'id', { type: t.string(40) });
    op.alter('ps_endpoints', 'aors', { type: t.string(200) });
    op.alter('ps_endpoints', 'auth', { type: t.string(40) });
    op.alter('ps_endpoints', 'outbound_auth', { type: t.string(40) });
    op.alter('ps_endpoints', 'outbound_proxy', { type: t.string(40) });
    op.alter('ps_inbound_publications', 'id', { type: t.string(40) });
    op.alter('ps_inbound_publications', 'endpoint', { type: t.string(40) });
    op.alter('ps_outbound_publishes', 'id', { type: t.string(40) });
    op.alter('ps_outbound_publishes', 'outbound_auth', { type: t.string(40) });
    op.alter('ps_registrations', 'id', { type: t.string(40) });
    op.alter('ps_registrations', 'outbound_auth', { type: t.string(40) });
    op.alter('ps_registrations', 'outbound_proxy', { type: t.string(40) });
    op.alter('ps_registrations', 'endpoint', { type: t.string(40) });
  },
});
