// add match_request_uri attribute to identify
// Asterisk config revision cf150a175fd3 (parent: 8fce8496f03e), after contrib/ast-db-manage/config/versions/cf150a175fd3_add_match_request_uri_attribute_to_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'cf150a175fd3',
  parent: '8fce8496f03e',
  description: 'add match_request_uri attribute to identify',
  script: 'cf150a175fd3_add_match_request_uri_attribute_to_.py',
  up: (op) => {
    op.addColumn('ps_endpoint_id_ips', col('match_request_uri', t.string(255)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoint_id_ips', 'match_request_uri');
  },
});
