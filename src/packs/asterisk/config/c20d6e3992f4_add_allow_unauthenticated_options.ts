// add allow_unauthenticated_options
// Asterisk config revision c20d6e3992f4 (parent: 8915fcc5766f), after contrib/ast-db-manage/config/versions/c20d6e3992f4_add_allow_unauthenticated_options.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'c20d6e3992f4',
  parent: '8915fcc5766f',
  description: 'add allow_unauthenticated_options',
  script: 'c20d6e3992f4_add_allow_unauthenticated_options.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('allow_unauthenticated_options', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'allow_unauthenticated_options');
  },
});
