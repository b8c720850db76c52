// create history info flag
// Asterisk config revision e658c26033ca (parent: 1ae0609b6646), after contrib/ast-db-manage/config/versions/e658c26033ca_create_history_info_flag.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'e658c26033ca',
  parent: '1ae0609b6646',
  description: 'create history info flag',
  script: 'e658c26033ca_create_history_info_flag.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('send_history_info', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'send_history_info');
  },
});
