// add taskpool options to system
// Asterisk config revision dc7c357dc178 (parent: abdc9ede147d), after contrib/ast-db-manage/config/versions/dc7c357dc178_add_taskpool_options_to_system.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'dc7c357dc178',
  parent: 'abdc9ede147d',
  description: 'add taskpool options to system',
  script: 'dc7c357dc178_add_taskpool_options_to_system.py',
  up: (op) => {
    op.addColumn('ps_systems', col('taskpool_minimum_size', t.integer()));
    op.addColumn('ps_systems', col('taskpool_initial_size', t.integer()));
    op.addColumn('ps_systems', col('taskpool_auto_increment', t.integer()));
    op.addColumn('ps_systems', col('taskpool_idle_timeout', t.integer()));
    op.addColumn('ps_systems', col('taskpool_max_size', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_systems', 'taskpool_minimum_size');
    op.dropColumn('ps_systems', 'taskpool_initial_size');
    op.dropColumn('ps_systems', 'taskpool_auto_increment');
    op.dropColumn('ps_systems', 'taskpool_idle_timeout');
    op.dropColumn('ps_systems', 'taskpool_max_size');
  },
});
