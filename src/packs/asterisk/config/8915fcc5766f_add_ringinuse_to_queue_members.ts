// Add ringinuse to queue_members
// Asterisk config revision 8915fcc5766f (parent: e658c26033ca), after contrib/ast-db-manage/config/versions/8915fcc5766f_add_ringinuse_to_queue_members.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '8915fcc5766f',
  parent: 'e658c26033ca',
  description: 'Add ringinuse to queue_members',
  script: '8915fcc5766f_add_ringinuse_to_queue_members.py',
  up: (op) => {
    op.addColumn('queue_members', col('ringinuse', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('queue_members', 'ringinuse');
  },
});
