// Add loop_last to res_musiconhold
// Asterisk config revision f5b0e7427449 (parent: 4042a0ff4d9f), after contrib/ast-db-manage/config/versions/f5b0e7427449_add_loop_last_to_res_musiconhold.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'f5b0e7427449',
  parent: '4042a0ff4d9f',
  description: 'Add loop_last to res_musiconhold',
  script: 'f5b0e7427449_add_loop_last_to_res_musiconhold.py',
  up: (op) => {
    op.addColumn('musiconhold', col('loop_last', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('musiconhold', 'loop_last');
  },
});
