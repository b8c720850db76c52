// Add PJSIP Endpoint IP Access Control options
// Asterisk config revision d7e3c73eb2bf (parent: 6be31516058d), after contrib/ast-db-manage/config/versions/837aa67461fb_add_pjsip_endpoint_ip_access_control_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'd7e3c73eb2bf',
  parent: '6be31516058d',
  description: 'Add PJSIP Endpoint IP Access Control options',
  script: '837aa67461fb_add_pjsip_endpoint_ip_access_control_.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('deny', t.string(95)));
    op.addColumn('ps_endpoints', col('permit', t.string(95)));
    op.addColumn('ps_endpoints', col('acl', t.string(40)));
    op.addColumn('ps_endpoints', col('contact_deny', t.string(95)));
    op.addColumn('ps_endpoints', col('contact_permit', t.string(95)));
    op.addColumn('ps_endpoints', col('contact_acl', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'contact_acl');
    op.dropColumn('ps_endpoints', 'contact_permit');
    op.dropColumn('ps_endpoints', 'contact_deny');
    op.dropColumn('ps_endpoints', 'acl');
    op.dropColumn('ps_endpoints', 'permit');
    op.dropColumn('ps_endpoints', 'deny');
  },
});
