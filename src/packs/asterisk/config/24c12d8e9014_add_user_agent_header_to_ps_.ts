// add user-agent-header to ps_registrations
// Asterisk config revision 24c12d8e9014 (parent: 37a5332640e2), after contrib/ast-db-manage/config/versions/24c12d8e9014_add_user_agent_header_to_ps_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '24c12d8e9014',
  parent: '37a5332640e2',
  description: 'add user-agent-header to ps_registrations',
  script: '24c12d8e9014_add_user_agent_header_to_ps_.py',
  up: (op) => {
    op.addColumn('ps_registrations', col('user_agent', t.string(255)));
  },
  down: (op) => {
    op.dropColumn('ps_registrations', 'user_agent');
  },
});
