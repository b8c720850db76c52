// add webrtc option to ps_endpoints
// Asterisk config revision 44ccced114ce (parent: 164abbd708c), after contrib/ast-db-manage/config/versions/44ccced114ce_add_webrtc.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '44ccced114ce',
  parent: '164abbd708c',
  description: 'add webrtc option to ps_endpoints',
  script: '44ccced114ce_add_webrtc.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('webrtc', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'webrtc');
  },
});
