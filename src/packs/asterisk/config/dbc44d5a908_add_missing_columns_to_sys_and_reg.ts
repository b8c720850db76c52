// Add missing columns to system and registration
// Asterisk config revision dbc44d5a908 (parent: 423f34ad36e2), after contrib/ast-db-manage/config/versions/dbc44d5a908_add_missing_columns_to_sys_and_reg.py.

import { col, t } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'dbc44d5a908',
  parent: '423f34ad36e2',
  description: 'Add missing columns to system and registration',
  script: 'dbc44d5a908_add_missing_columns_to_sys_and_reg.py',
  up: (op) => {
    op.addColumn('ps_systems', col('disable_tcp_switch', yesnoValues));
    op.addColumn('ps_registrations', col('line', yesnoValues));
    op.addColumn('ps_registrations', col('endpoint', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_systems', 'disable_tcp_switch');
    op.dropColumn('ps_registrations', 'line');
    op.dropColumn('ps_registrations', 'endpoint');
  },
});
