// allow_sending_180_after_183
// Asterisk config revision 0bee61aa9425 (parent: 8f72185e437f), after contrib/ast-db-manage/config/versions/0bee61aa9425_allow_180_ringing_with_sdp.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '0bee61aa9425',
  parent: '8f72185e437f',
  description: 'allow_sending_180_after_183',
  script: '0bee61aa9425_allow_180_ringing_with_sdp.py',
  up: (op) => {
    op.addColumn('ps_globals', col('allow_sending_180_after_183', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'allow_sending_180_after_183');
  },
});
