// add pjsip qualify_timeout
// Asterisk config revision 461d7d691209 (parent: 31cd4f4891ec), after contrib/ast-db-manage/config/versions/461d7d691209_add_pjsip_qualify_timeout.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '461d7d691209',
  parent: '31cd4f4891ec',
  description: 'add pjsip qualify_timeout',
  script: '461d7d691209_add_pjsip_qualify_timeout.py',
  up: (op) => {
    op.addColumn('ps_aors', col('qualify_timeout', t.integer()));
    op.addColumn('ps_contacts', col('qualify_timeout', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_aors', 'qualify_timeout');
    op.dropColumn('ps_contacts', 'qualify_timeout');
  },
});
