// add pjsip endpoint_identifier_order
// Asterisk config revision 45e3f47c6c44 (parent: 945b1098bdd), after contrib/ast-db-manage/config/versions/45e3f47c6c44_add_pjsip_endpoint_identifier_order.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '45e3f47c6c44',
  parent: '945b1098bdd',
  description: 'add pjsip endpoint_identifier_order',
  script: '45e3f47c6c44_add_pjsip_endpoint_identifier_order.py',
  up: (op) => {
    op.addColumn('ps_globals', col('endpoint_identifier_order', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'endpoint_identifier_order');
  },
});
