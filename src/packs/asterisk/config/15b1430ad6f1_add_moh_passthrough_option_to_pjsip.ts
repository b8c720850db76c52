// add moh passthrough option to pjsip
// Asterisk config revision 15b1430ad6f1 (parent: 371a3bf4143e), after contrib/ast-db-manage/config/versions/15b1430ad6f1_add_moh_passthrough_option_to_pjsip.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '15b1430ad6f1',
  parent: '371a3bf4143e',
  description: 'add moh passthrough option to pjsip',
  script: '15b1430ad6f1_add_moh_passthrough_option_to_pjsip.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('moh_passthrough', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'moh_passthrough');
  },
});
