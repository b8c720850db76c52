// add default_from_user
// Asterisk config revision 154177371065 (parent: 26f10cadc157), after contrib/ast-db-manage/config/versions/154177371065_add_default_from_user.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '154177371065',
  parent: '26f10cadc157',
  description: 'add default_from_user',
  script: '154177371065_add_default_from_user.py',
  up: (op) => {
    op.addColumn('ps_globals', col('default_from_user', t.string(80)));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'default_from_user');
  },
});
