// Add RTP keepalive
// Asterisk config revision 498357a710ae (parent: 28b8e71e541f), after contrib/ast-db-manage/config/versions/498357a710ae_add_rtp_keepalive.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '498357a710ae',
  parent: '28b8e71e541f',
  description: 'Add RTP keepalive',
  script: '498357a710ae_add_rtp_keepalive.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('rtp_keepalive', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'rtp_keepalive');
  },
});
