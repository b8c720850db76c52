// max_random_initial_delay
// Asterisk config revision 18e0805d367f (parent: 0bee61aa9425), after contrib/ast-db-manage/config/versions/18e0805d367f_max_random_initial_delay.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '18e0805d367f',
  parent: '0bee61aa9425',
  description: 'max_random_initial_delay',
  script: '18e0805d367f_max_random_initial_delay.py',
  up: (op) => {
    op.addColumn('ps_registrations', col('max_random_initial_delay', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_registrations', 'max_random_initial_delay');
  },
});
