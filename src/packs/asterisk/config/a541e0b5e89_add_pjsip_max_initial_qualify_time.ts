// add pjsip max_initial_qualify_time
// Asterisk config revision a541e0b5e89 (parent: 461d7d691209), after contrib/ast-db-manage/config/versions/a541e0b5e89_add_pjsip_max_initial_qualify_time.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'a541e0b5e89',
  parent: '461d7d691209',
  description: 'add pjsip max_initial_qualify_time',
  script: 'a541e0b5e89_add_pjsip_max_initial_qualify_time.py',
  up: (op) => {
    op.addColumn('ps_globals', col('max_initial_qualify_time', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'max_initial_qualify_time');
  },
});
