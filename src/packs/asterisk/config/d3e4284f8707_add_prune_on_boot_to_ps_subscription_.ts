// add prune_on_boot to ps_subscription_persistence
// Asterisk config revision d3e4284f8707 (parent: 52798ad97bdf), after contrib/ast-db-manage/config/versions/d3e4284f8707_add_prune_on_boot_to_ps_subscription_.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'd3e4284f8707',
  parent: '52798ad97bdf',
  description: 'add prune_on_boot to ps_subscription_persistence',
  script: 'd3e4284f8707_add_prune_on_boot_to_ps_subscription_.py',
  up: (op) => {
    op.addColumn('ps_subscription_persistence', col('prune_on_boot', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_subscription_persistence', 'prune_on_boot');
  },
});
