// res_pjsip: add contact via_addr and callid
// Asterisk config revision a845e4d8ade8 (parent: d7e3c73eb2bf), after contrib/ast-db-manage/config/versions/6d8c104e6184_res_pjsip_add_contact_via_addr_and_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'a845e4d8ade8',
  parent: 'd7e3c73eb2bf',
  description: 'res_pjsip: add contact via_addr and callid',
  script: '6d8c104e6184_res_pjsip_add_contact_via_addr_and_.py',
  up: (op) => {
    op.addColumn('ps_contacts', col('via_addr', t.string(40)));
    op.addColumn('ps_contacts', col('via_port', t.integer()));
    op.addColumn('ps_contacts', col('call_id', t.string(255)));
  },
  down: (op) => {
    op.dropColumn('ps_contacts', 'via_addr');
    op.dropColumn('ps_contacts', 'via_port');
    op.dropColumn('ps_contacts', 'call_id');
  },
});
