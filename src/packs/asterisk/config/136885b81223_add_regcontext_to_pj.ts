// add regcontext to pjsip
// Asterisk config revision 136885b81223 (parent: 26d7f3bf0fa5), after contrib/ast-db-manage/config/versions/136885b81223_add_regcontext_to_pj.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '136885b81223',
  parent: '26d7f3bf0fa5',
  description: 'add regcontext to pjsip',
  script: '136885b81223_add_regcontext_to_pj.py',
  up: (op) => {
    op.addColumn('ps_globals', col('regcontext', t.string(80)));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'regcontext');
  },
});
