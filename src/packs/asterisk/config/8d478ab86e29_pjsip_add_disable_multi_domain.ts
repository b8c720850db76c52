// pjsip_add_disable_multi_domain
// Asterisk config revision 8d478ab86e29 (parent: 1c688d9a003c), after contrib/ast-db-manage/config/versions/8d478ab86e29_pjsip_add_disable_multi_domain.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '8d478ab86e29',
  parent: '1c688d9a003c',
  description: 'pjsip_add_disable_multi_domain',
  script: '8d478ab86e29_pjsip_add_disable_multi_domain.py',
  up: (op) => {
    op.addColumn('ps_globals', col('disable_multi_domain', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'disable_multi_domain');
  },
});
