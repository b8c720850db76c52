// add fax_detect_timeout option
// Asterisk config revision 4a6c67fa9b7a (parent: 9deac0ae4717), after contrib/ast-db-manage/config/versions/4a6c67fa9b7a_add_fax_detect_timeout_option.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '4a6c67fa9b7a',
  parent: '9deac0ae4717',
  description: 'add fax_detect_timeout option',
  script: '4a6c67fa9b7a_add_fax_detect_timeout_option.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('fax_detect_timeout', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'fax_detect_timeout');
  },
});
