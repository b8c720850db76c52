// add ps_endpoints.refer_blind_progress
// Asterisk config revision 86bb1efa278d (parent: 1d0e332c32af), after contrib/ast-db-manage/config/versions/86bb1efa278d_add_ps_endpoints_refer_blind_progress.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '86bb1efa278d',
  parent: '1d0e332c32af',
  description: 'add ps_endpoints.refer_blind_progress',
  script: '86bb1efa278d_add_ps_endpoints_refer_blind_progress.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('refer_blind_progress', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'refer_blind_progress');
  },
});
