// pjsip: add global MWI options
// Asterisk config revision c7a44a5a0851 (parent: 4a6c67fa9b7a), after contrib/ast-db-manage/config/versions/c7a44a5a0851_pjsip_add_global_mwi_options.py.

import { col, t } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'c7a44a5a0851',
  parent: '4a6c67fa9b7a',
  description: 'pjsip: add global MWI options',
  script: 'c7a44a5a0851_pjsip_add_global_mwi_options.py',
  up: (op) => {
    op.addColumn('ps_globals', col('mwi_tps_queue_high', t.integer()));
    op.addColumn('ps_globals', col('mwi_tps_queue_low', t.integer()));
    op.addColumn('ps_globals', col('mwi_disable_initial_unsolicited', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'mwi_tps_queue_high');
    op.dropColumn('ps_globals', 'mwi_tps_queue_low');
    op.dropColumn('ps_globals', 'mwi_disable_initial_unsolicited');
  },
});
