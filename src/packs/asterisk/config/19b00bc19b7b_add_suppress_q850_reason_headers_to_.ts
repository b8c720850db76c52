// add suppress_q850_reason_headers to endpoint
// Asterisk config revision 19b00bc19b7b (parent: 0be05c3a8225), after contrib/ast-db-manage/config/versions/19b00bc19b7b_add_suppress_q850_reason_headers_to_.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '19b00bc19b7b',
  parent: '0be05c3a8225',
  description: 'add suppress_q850_reason_headers to endpoint',
  script: '19b00bc19b7b_add_suppress_q850_reason_headers_to_.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('suppress_q850_reason_header', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'suppress_q850_reason_header');
  },
});
