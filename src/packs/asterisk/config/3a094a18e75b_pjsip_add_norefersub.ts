// pjsip add norefersub
// Asterisk config revision 3a094a18e75b (parent: 80473bad3c16), after contrib/ast-db-manage/config/versions/3a094a18e75b_pjsip_add_norefersub.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '3a094a18e75b',
  parent: '80473bad3c16',
  description: 'pjsip add norefersub',
  script: '3a094a18e75b_pjsip_add_norefersub.py',
  up: (op) => {
    op.addColumn('ps_globals', col('norefersub', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'norefersub');
  },
});
