// expand accountcode to 80
// Asterisk config revision 339a3bdf53fc (parent: 28ce1e718f05), after contrib/ast-db-manage/config/versions/339a3bdf53fc_expand_accountcode_to_80.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '339a3bdf53fc',
  parent: '28ce1e718f05',
  description: 'expand accountcode to 80',
  script: '339a3bdf53fc_expand_accountcode_to_80.py',
  up: (op) => {
    op.alter('ps_endpoints', 'accountcode', { type: t.string(80) });
    op.alter('sippeers', 'accountcode', { type: t.string(80) });
    op.alter('iaxfriends', 'accountcode', { type: t.string(80) });
  },
  down: (op) => {
    op.alter('ps_endpoints', 'accountcode', { type: t.string(20) });
    op.alter('sippeers', 'accountcode', { type: t.string(40) });
    op.alter('iaxfriends', 'accountcode', { type: t.string(20) });
  },
});
