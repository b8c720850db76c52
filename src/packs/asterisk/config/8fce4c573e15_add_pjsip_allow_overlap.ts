// add pjsip allow_overlap
// Asterisk config revision 8fce4c573e15 (parent: f638dbe2eb23), after contrib/ast-db-manage/config/versions/8fce4c573e15_add_pjsip_allow_overlap.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '8fce4c573e15',
  parent: 'f638dbe2eb23',
  description: 'add pjsip allow_overlap',
  script: '8fce4c573e15_add_pjsip_allow_overlap.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('allow_overlap', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'allow_overlap');
  },
});
