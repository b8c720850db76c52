// add pjsip trust/send _connected_line
// Asterisk config revision 1ac563b350a8 (parent: 2bb1a85135ad), after contrib/ast-db-manage/config/versions/1ac563b350a8_add_pjsip_trust_send__connected_line.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '1ac563b350a8',
  parent: '2bb1a85135ad',
  description: 'add pjsip trust/send _connected_line',
  script: '1ac563b350a8_add_pjsip_trust_send__connected_line.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('trust_connected_line', astBoolValues));
    op.addColumn('ps_endpoints', col('send_connected_line', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'trust_connected_line');
    op.dropColumn('ps_endpoints', 'send_connected_line');
  },
});
