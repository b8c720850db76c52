// add_missing_pjsip_options
// Asterisk config revision 3855ee4e5f85 (parent: 4c573e7135bd), after contrib/ast-db-manage/config/versions/3855ee4e5f85_add_missing_pjsip_options.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '3855ee4e5f85',
  parent: '4c573e7135bd',
  description: 'add_missing_pjsip_options',
  script: '3855ee4e5f85_add_missing_pjsip_options.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('message_context', t.string(40)));
    op.addColumn('ps_contacts', col('user_agent', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_contacts', 'user_agent');
    op.dropColumn('ps_endpoints', 'message_context');
  },
});
