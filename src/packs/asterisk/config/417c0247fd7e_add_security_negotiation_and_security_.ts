// add security_negotiation and security_mechanisms to endpoint
// Asterisk config revision 417c0247fd7e (parent: 539f68bede2c), after contrib/ast-db-manage/config/versions/417c0247fd7e_add_security_negotiation_and_security_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

const securityNegotiationValues = t.enum('security_negotiation_values', ['no', 'mediasec']);

export default revision({
  id: '417c0247fd7e',
  parent: '539f68bede2c',
  description: 'add security_negotiation and security_mechanisms to endpoint',
  script: '417c0247fd7e_add_security_negotiation_and_security_.py',
  up: (op) => {
    op.createEnumFor(securityNegotiationValues);
    op.addColumn('ps_endpoints', col('security_negotiation', securityNegotiationValues));
    op.addColumn('ps_endpoints', col('security_mechanisms', t.string(512)));
    op.addColumn('ps_registrations', col('security_negotiation', securityNegotiationValues));
    op.addColumn('ps_registrations', col('security_mechanisms', t.string(512)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'security_negotiation');
    op.dropColumn('ps_endpoints', 'security_mechanisms');
    op.dropColumn('ps_registrations', 'security_negotiation');
    op.dropColumn('ps_registrations', 'security_mechanisms');
    op.dropEnum('security_negotiation_values');
  },
});
