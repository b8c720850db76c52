// add pjsip debug option
// Asterisk config revision 21e526ad3040 (parent: 2fc7930b41b3), after contrib/ast-db-manage/config/versions/21e526ad3040_add_pjsip_debug_option.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '21e526ad3040',
  parent: '2fc7930b41b3',
  description: 'add pjsip debug option',
  script: '21e526ad3040_add_pjsip_debug_option.py',
  up: (op) => {
    op.addColumn('ps_globals', col('debug', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'debug');
  },
});
