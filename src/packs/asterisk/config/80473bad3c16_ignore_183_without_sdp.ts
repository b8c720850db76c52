// ignore 183 without sdp
// Asterisk config revision 80473bad3c16 (parent: f3c0b8695b66), after contrib/ast-db-manage/config/versions/80473bad3c16_ignore_183_without_sdp.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '80473bad3c16',
  parent: 'f3c0b8695b66',
  description: 'ignore 183 without sdp',
  script: '80473bad3c16_ignore_183_without_sdp.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('ignore_183_without_sdp', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'ignore_183_without_sdp');
  },
});
