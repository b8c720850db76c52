// add ps_endpoints.notify_early_inuse_ringing
// Asterisk config revision d7983954dd96 (parent: 86bb1efa278d), after contrib/ast-db-manage/config/versions/d7983954dd96_add_ps_endpoints_notify_early_inuse_.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'd7983954dd96',
  parent: '86bb1efa278d',
  description: 'add ps_endpoints.notify_early_inuse_ringing',
  script: 'd7983954dd96_add_ps_endpoints_notify_early_inuse_.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('notify_early_inuse_ringing', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'notify_early_inuse_ringing');
  },
});
