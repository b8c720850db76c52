// add srv_lookups to identify
// Asterisk config revision 28ab27a7826d (parent: 4468b4a91372), after contrib/ast-db-manage/config/versions/28ab27a7826d_add_srv_lookups_to_identify.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '28ab27a7826d',
  parent: '4468b4a91372',
  description: 'add srv_lookups to identify',
  script: '28ab27a7826d_add_srv_lookups_to_identify.py',
  up: (op) => {
    op.addColumn('ps_endpoint_id_ips', col('srv_lookups', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoint_id_ips', 'srv_lookups');
  },
});
