// pjsip add disable_rport
// Asterisk config revision 79290b511e4b (parent: fbb7766f17bc), after contrib/ast-db-manage/config/versions/79290b511e4b_pjsip_add_disable_rport.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '79290b511e4b',
  parent: 'fbb7766f17bc',
  description: 'pjsip add disable_rport',
  script: '79290b511e4b_pjsip_add_disable_rport.py',
  up: (op) => {
    op.addColumn('ps_systems', col('disable_rport', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_systems', 'disable_rport');
  },
});
