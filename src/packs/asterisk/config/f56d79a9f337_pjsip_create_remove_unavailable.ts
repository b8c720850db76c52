// pjsip create remove_unavailable
// Asterisk config revision f56d79a9f337 (parent: c20d6e3992f4), after contrib/ast-db-manage/config/versions/f56d79a9f337_pjsip_create_remove_unavailable.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'f56d79a9f337',
  parent: 'c20d6e3992f4',
  description: 'pjsip create remove_unavailable',
  script: 'f56d79a9f337_pjsip_create_remove_unavailable.py',
  up: (op) => {
    op.addColumn('ps_aors', col('remove_unavailable', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_aors', 'remove_unavailable');
  },
});
