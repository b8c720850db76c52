// add_incoming_mwi_mailbox
// Asterisk config revision a1698e8bb9c5 (parent: b83645976fdd), after contrib/ast-db-manage/config/versions/a1698e8bb9c5_add_incoming_mwi_mailbox.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'a1698e8bb9c5',
  parent: 'b83645976fdd',
  description: 'add_incoming_mwi_mailbox',
  script: 'a1698e8bb9c5_add_incoming_mwi_mailbox.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('incoming_mwi_mailbox', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'incoming_mwi_mailbox');
  },
});
