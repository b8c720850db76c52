// add aoc option
// Asterisk config revision 5a2247c957d2 (parent: ccf795ee535f), after contrib/ast-db-manage/config/versions/5a2247c957d2_add_aoc_option.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '5a2247c957d2',
  parent: 'ccf795ee535f',
  description: 'add aoc option',
  script: '5a2247c957d2_add_aoc_option.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('send_aoc', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'send_aoc');
  },
});
