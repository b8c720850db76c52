// add pjsip tenantid
// Asterisk config revision 655054a68ad5 (parent: 2b7c507d7d12), after contrib/ast-db-manage/config/versions/655054a68ad5_add_pjsip_tenantid.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '655054a68ad5',
  parent: '2b7c507d7d12',
  description: 'add pjsip tenantid',
  script: '655054a68ad5_add_pjsip_tenantid.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('tenantid', t.string(80)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'tenantid');
  },
});
