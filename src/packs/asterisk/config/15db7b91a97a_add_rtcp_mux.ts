// empty message
// Asterisk config revision 15db7b91a97a (parent: 465e70e8c337), after contrib/ast-db-manage/config/versions/15db7b91a97a_add_rtcp_mux.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '15db7b91a97a',
  parent: '465e70e8c337',
  description: 'empty message',
  script: '15db7b91a97a_add_rtcp_mux.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('rtcp_mux', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'rtcp_mux');
  },
});
