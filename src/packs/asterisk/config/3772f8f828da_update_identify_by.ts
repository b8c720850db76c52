// update_identify_by
// Asterisk config revision 3772f8f828da (parent: c7a44a5a0851), after contrib/ast-db-manage/config/versions/3772f8f828da_update_identify_by.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '3772f8f828da',
  parent: 'c7a44a5a0851',
  description: 'update_identify_by',
  script: '3772f8f828da_update_identify_by.py',
  up: (op) => {
    op.replaceEnumType('pjsip_identify_by_values', t.enum('pjsip_identify_by_values', ['username', 'auth_username']), [
      ['ps_endpoints', 'identify_by'],
    ]);
  },
  down: (op) => {
    op.replaceEnumType('pjsip_identify_by_values', t.enum('pjsip_identify_by_values', ['username']), [
      ['ps_endpoints', 'identify_by'],
    ]);
  },
});
