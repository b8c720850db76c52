// Add suppress_moh_on_sendonly
// Asterisk config revision 4f91fc18c979 (parent: 801b9fced8b7), after contrib/ast-db-manage/config/versions/4f91fc18c979_add_suppress_moh_on_sendonly.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '4f91fc18c979',
  parent: '801b9fced8b7',
  description: 'Add suppress_moh_on_sendonly',
  script: '4f91fc18c979_add_suppress_moh_on_sendonly.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('suppress_moh_on_sendonly', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'suppress_moh_on_sendonly');
  },
});
