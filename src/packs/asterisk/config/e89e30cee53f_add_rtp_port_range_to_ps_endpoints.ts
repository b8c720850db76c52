// add rtp_port_start and rtp_port_end to ps_endpoints
// Asterisk config revision e89e30cee53f (parent: bb6d54e22913), after contrib/ast-db-manage/config/versions/e89e30cee53f_add_rtp_port_range_to_ps_endpoints.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'e89e30cee53f',
  parent: 'bb6d54e22913',
  description: 'add rtp_port_start and rtp_port_end to ps_endpoints',
  script: 'e89e30cee53f_add_rtp_port_range_to_ps_endpoints.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('rtp_port_start', t.integer()));
    op.addColumn('ps_endpoints', col('rtp_port_end', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'rtp_port_end');
    op.dropColumn('ps_endpoints', 'rtp_port_start');
  },
});
