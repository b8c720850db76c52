// add wrapuptime to queue_members
// Asterisk config revision e2f04d309071 (parent: 041c0d3d1857), after contrib/ast-db-manage/config/versions/e2f04d309071_add_wrapuptime_to_queue_members.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'e2f04d309071',
  parent: '041c0d3d1857',
  description: 'add wrapuptime to queue_members',
  script: 'e2f04d309071_add_wrapuptime_to_queue_members.py',
  up: (op) => {
    op.addColumn('queue_members', col('wrapuptime', t.integer()));
  },
  down: (op) => {
    op.dropColumn('queue_members', 'wrapuptime');
  },
});
