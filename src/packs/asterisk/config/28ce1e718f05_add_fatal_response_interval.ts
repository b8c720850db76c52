// add fatal_response_interval
// Asterisk config revision 28ce1e718f05 (parent: 154177371065), after contrib/ast-db-manage/config/versions/28ce1e718f05_add_fatal_response_interval.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '28ce1e718f05',
  parent: '154177371065',
  description: 'add fatal_response_interval',
  script: '28ce1e718f05_add_fatal_response_interval.py',
  up: (op) => {
    op.addColumn('ps_registrations', col('fatal_retry_interval', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_registrations', 'fatal_retry_interval');
  },
});
