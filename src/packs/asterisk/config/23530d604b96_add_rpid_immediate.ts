// add rpid_immediate
// Asterisk config revision 23530d604b96 (parent: 45e3f47c6c44), after contrib/ast-db-manage/config/versions/23530d604b96_add_rpid_immediate.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '23530d604b96',
  parent: '45e3f47c6c44',
  description: 'add rpid_immediate',
  script: '23530d604b96_add_rpid_immediate.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('rpid_immediate', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'rpid_immediate');
  },
});
