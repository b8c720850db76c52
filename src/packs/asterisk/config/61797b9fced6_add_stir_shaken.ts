// add stir shaken
// Asterisk config revision 61797b9fced6 (parent: b80485ff4dd0), after contrib/ast-db-manage/config/versions/61797b9fced6_add_stir_shaken.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '61797b9fced6',
  parent: 'b80485ff4dd0',
  description: 'add stir shaken',
  script: '61797b9fced6_add_stir_shaken.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('stir_shaken', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'stir_shaken');
  },
});
