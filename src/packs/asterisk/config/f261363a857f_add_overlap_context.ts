// add overlap_context
// Asterisk config revision f261363a857f (parent: 5a2247c957d2), after contrib/ast-db-manage/config/versions/f261363a857f_add_overlap_context.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'f261363a857f',
  parent: '5a2247c957d2',
  description: 'add overlap_context',
  script: 'f261363a857f_add_overlap_context.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('overlap_context', t.string(80)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'overlap_context');
  },
});
