// Add unidentified request options to global
// Asterisk config revision 65eb22eb195 (parent: 8d478ab86e29), after contrib/ast-db-manage/config/versions/65eb22eb195_add_unidentified_request_options_to_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '65eb22eb195',
  parent: '8d478ab86e29',
  description: 'Add unidentified request options to global',
  script: '65eb22eb195_add_unidentified_request_options_to_.py',
  up: (op) => {
    op.addColumn('ps_globals', col('unidentified_request_count', t.integer()));
    op.addColumn('ps_globals', col('unidentified_request_period', t.integer()));
    op.addColumn('ps_globals', col('unidentified_request_prune_interval', t.integer()));
    op.addColumn('ps_globals', col('default_realm', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'unidentified_request_count');
    op.dropColumn('ps_globals', 'unidentified_request_period');
    op.dropColumn('ps_globals', 'unidentified_request_prune_interval');
    op.dropColumn('ps_globals', 'default_realm');
  },
});
