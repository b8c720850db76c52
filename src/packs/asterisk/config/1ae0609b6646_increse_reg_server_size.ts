// increase reg server size
// Asterisk config revision 1ae0609b6646 (parent: 61797b9fced6), after contrib/ast-db-manage/config/versions/1ae0609b6646_increse_reg_server_size.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '1ae0609b6646',
  parent: '61797b9fced6',
  description: 'increase reg server size',
  script: '1ae0609b6646_increse_reg_server_size.py',
  up: (op) => {
    op.alter('ps_contacts', 'reg_server', { type: t.string(255) });
  },
  down: (op) => {
    op.alter('ps_contacts', 'reg_server', { type: t.string(20) });
  },
});
