// add_keep_alive_interval
// Asterisk config revision 189a235b3fd7 (parent: 339a3bdf53fc), after contrib/ast-db-manage/config/versions/189a235b3fd7_add_keep_alive_interval.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '189a235b3fd7',
  parent: '339a3bdf53fc',
  description: 'add_keep_alive_interval',
  script: '189a235b3fd7_add_keep_alive_interval.py',
  up: (op) => {
    op.addColumn('ps_globals', col('keep_alive_interval', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'keep_alive_interval');
  },
});
