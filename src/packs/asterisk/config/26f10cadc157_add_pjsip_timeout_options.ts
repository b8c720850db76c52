// add pjsip timeout options
// Asterisk config revision 26f10cadc157 (parent: 498357a710ae), after contrib/ast-db-manage/config/versions/26f10cadc157_add_pjsip_timeout_options.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '26f10cadc157',
  parent: '498357a710ae',
  description: 'add pjsip timeout options',
  script: '26f10cadc157_add_pjsip_timeout_options.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('rtp_timeout', t.integer()));
    op.addColumn('ps_endpoints', col('rtp_timeout_hold', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'rtp_timeout');
    op.dropColumn('ps_endpoints', 'rtp_timeout_hold');
  },
});
