// Geoloc Endpoint Params
// Asterisk config revision 7197536bb68d (parent: 58e440314c2a), after contrib/ast-db-manage/config/versions/7197536bb68d_geoloc_endpoint_params.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '7197536bb68d',
  parent: '58e440314c2a',
  description: 'Geoloc Endpoint Params',
  script: '7197536bb68d_geoloc_endpoint_params.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('geoloc_incoming_call_profile', t.string(80)));
    op.addColumn('ps_endpoints', col('geoloc_outgoing_call_profile', t.string(80)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'geoloc_outgoing_call_profile');
    op.dropColumn('ps_endpoints', 'geoloc_incoming_call_profile');
  },
});
