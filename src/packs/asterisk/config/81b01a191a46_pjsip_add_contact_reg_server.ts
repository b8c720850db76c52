// pjsip: add contact reg_server
// Asterisk config revision 81b01a191a46 (parent: 65eb22eb195), after contrib/ast-db-manage/config/versions/81b01a191a46_pjsip_add_contact_reg_server.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '81b01a191a46',
  parent: '65eb22eb195',
  description: 'pjsip: add contact reg_server',
  script: '81b01a191a46_pjsip_add_contact_reg_server.py',
  up: (op) => {
    op.addColumn('ps_contacts', col('reg_server', t.string(20)));
    op.addUnique('ps_contacts', ['id', 'reg_server'], 'ps_contacts_uq');
  },
  down: (op) => {
    op.dropConstraint('ps_contacts', 'ps_contacts_uq', 'unique');
    op.dropColumn('ps_contacts', 'reg_server');
  },
});
