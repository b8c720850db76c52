// Add match_header attribute to identify
// Asterisk config revision 465e70e8c337 (parent: 28ab27a7826d), after contrib/ast-db-manage/config/versions/465e70e8c337_add_match_header_attribute_to_identify.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '465e70e8c337',
  parent: '28ab27a7826d',
  description: 'Add match_header attribute to identify',
  script: '465e70e8c337_add_match_header_attribute_to_identify.py',
  up: (op) => {
    op.addColumn('ps_endpoint_id_ips', col('match_header', t.string(255)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoint_id_ips', 'match_header');
  },
});
