// pjsip add send_contact_status_on_update_registration
// Asterisk config revision 0838f8db6a61 (parent: 1ac563b350a8), after contrib/ast-db-manage/config/versions/0838f8db6a61_pjsip_add_send_contact_status_on_update_.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '0838f8db6a61',
  parent: '1ac563b350a8',
  description: 'pjsip add send_contact_status_on_update_registration',
  script: '0838f8db6a61_pjsip_add_send_contact_status_on_update_.py',
  up: (op) => {
    op.addColumn('ps_globals', col('send_contact_status_on_update_registration', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'send_contact_status_on_update_registration');
  },
});
