// add user_eq_phone option to pjsip
// Asterisk config revision 371a3bf4143e (parent: 10aedae86a32), after contrib/ast-db-manage/config/versions/371a3bf4143e_add_user_eq_phone_option_to_pjsip.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '371a3bf4143e',
  parent: '10aedae86a32',
  description: 'add user_eq_phone option to pjsip',
  script: '371a3bf4143e_add_user_eq_phone_option_to_pjsip.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('user_eq_phone', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'user_eq_phone');
  },
});
