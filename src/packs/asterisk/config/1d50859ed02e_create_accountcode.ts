// create accountcode
// Asterisk config revision 1d50859ed02e (parent: 51f8cb66540e), after contrib/ast-db-manage/config/versions/1d50859ed02e_create_accountcode.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '1d50859ed02e',
  parent: '51f8cb66540e',
  description: 'create accountcode',
  script: '1d50859ed02e_create_accountcode.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('accountcode', t.string(20)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'accountcode');
  },
});
