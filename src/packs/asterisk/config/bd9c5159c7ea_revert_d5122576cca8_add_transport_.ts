// Revert d5122576cca8 add transport attribute to identify
// Asterisk config revision bd9c5159c7ea (parent: 6c475a93f48a), after contrib/ast-db-manage/config/versions/bd9c5159c7ea_revert_d5122576cca8_add_transport_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'bd9c5159c7ea',
  parent: '6c475a93f48a',
  description: 'Revert d5122576cca8 add transport attribute to identify',
  script: 'bd9c5159c7ea_revert_d5122576cca8_add_transport_.py',
  up: (op) => {
    op.dropColumn('ps_endpoint_id_ips', 'transport');
  },
  down: (op) => {
    op.addColumn('ps_endpoint_id_ips', col('transport', t.string(128)));
  },
});
