// add reason_paused to queue_members
// Asterisk config revision 4042a0ff4d9f (parent: f261363a857f), after contrib/ast-db-manage/config/versions/4042a0ff4d9f_add_reason_paused_to_queue_members.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '4042a0ff4d9f',
  parent: 'f261363a857f',
  description: 'add reason_paused to queue_members',
  script: '4042a0ff4d9f_add_reason_paused_to_queue_members.py',
  up: (op) => {
    op.addColumn('queue_members', col('reason_paused', t.string(80)));
  },
  down: (op) => {
    op.dropColumn('queue_members', 'reason_paused');
  },
});
