// Add external_signaling_hostname to ps_transports
// Asterisk config revision 2285f2ace275 (parent: e89e30cee53f), after contrib/ast-db-manage/config/versions/2285f2ace275_add_external_signaling_hostname.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '2285f2ace275',
  parent: 'e89e30cee53f',
  description: 'Add external_signaling_hostname to ps_transports',
  script: '2285f2ace275_add_external_signaling_hostname.py',
  up: (op) => {
    op.addColumn('ps_transports', col('external_signaling_hostname', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_transports', 'external_signaling_hostname');
  },
});
