// add_prune_on_boot
// Asterisk config revision f3d1c5d38b56 (parent: 44ccced114ce), after contrib/ast-db-manage/config/versions/f3d1c5d38b56_add_prune_on_boot.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'f3d1c5d38b56',
  parent: '44ccced114ce',
  description: 'add_prune_on_boot',
  script: 'f3d1c5d38b56_add_prune_on_boot.py',
  up: (op) => {
    op.addColumn('ps_contacts', col('prune_on_boot', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_contacts', 'prune_on_boot');
  },
});
