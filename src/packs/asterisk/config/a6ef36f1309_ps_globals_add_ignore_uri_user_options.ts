// ps_globals add ignore_uri_user_options
// Asterisk config revision a6ef36f1309 (parent: 7f3e21abe318), after contrib/ast-db-manage/config/versions/a6ef36f1309_ps_globals_add_ignore_uri_user_options.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'a6ef36f1309',
  parent: '7f3e21abe318',
  description: 'ps_globals add ignore_uri_user_options',
  script: 'a6ef36f1309_ps_globals_add_ignore_uri_user_options.py',
  up: (op) => {
    op.addColumn('ps_globals', col('ignore_uri_user_options', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'ignore_uri_user_options');
  },
});
