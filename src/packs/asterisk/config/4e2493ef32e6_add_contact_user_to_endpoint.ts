// Add contact_user to endpoint
// Asterisk config revision 4e2493ef32e6 (parent: 3772f8f828da), after contrib/ast-db-manage/config/versions/4e2493ef32e6_add_contact_user_to_endpoint.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '4e2493ef32e6',
  parent: '3772f8f828da',
  description: 'Add contact_user to endpoint',
  script: '4e2493ef32e6_add_contact_user_to_endpoint.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('contact_user', t.string(80)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'contact_user');
  },
});
