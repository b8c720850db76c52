// add queue_log option log-restricted-caller-id
// Asterisk config revision 2b7c507d7d12 (parent: bd9c5159c7ea), after contrib/ast-db-manage/config/versions/2b7c507d7d12_add_queue_log_option_log_restricted_.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '2b7c507d7d12',
  parent: 'bd9c5159c7ea',
  description: 'add queue_log option log-restricted-caller-id',
  script: '2b7c507d7d12_add_queue_log_option_log_restricted_.py',
  up: (op) => {
    op.addColumn('queues', col('log_restricted_caller_id', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('queues', 'log_restricted_caller_id');
  },
});
