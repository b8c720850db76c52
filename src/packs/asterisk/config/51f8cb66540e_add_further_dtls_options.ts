// add further dtls options
// Asterisk config revision 51f8cb66540e (parent: c6d929b23a8), after contrib/ast-db-manage/config/versions/51f8cb66540e_add_further_dtls_options.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '51f8cb66540e',
  parent: 'c6d929b23a8',
  description: 'add further dtls options',
  script: '51f8cb66540e_add_further_dtls_options.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('force_avp', yesnoValues));
    op.addColumn('ps_endpoints', col('media_use_received_transport', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'force_avp');
    op.dropColumn('ps_endpoints', 'media_use_received_transport');
  },
});
