// add follow_redirect_methods to ps_endpoints
// Asterisk config revision bb6d54e22913 (parent: dc7c357dc178), after contrib/ast-db-manage/config/versions/bb6d54e22913_add_follow_redirect_methods_to_ps_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'bb6d54e22913',
  parent: 'dc7c357dc178',
  description: 'add follow_redirect_methods to ps_endpoints',
  script: 'bb6d54e22913_add_follow_redirect_methods_to_ps_.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('follow_redirect_methods', t.string(95)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'follow_redirect_methods');
  },
});
