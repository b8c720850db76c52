// add pjsip asymmetric rtp codec
// Asterisk config revision 4468b4a91372 (parent: a6ef36f1309), after contrib/ast-db-manage/config/versions/4468b4a91372_add_pjsip_asymmetric_rtp_codec.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '4468b4a91372',
  parent: 'a6ef36f1309',
  description: 'add pjsip asymmetric rtp codec',
  script: '4468b4a91372_add_pjsip_asymmetric_rtp_codec.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('asymmetric_rtp_codec', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'asymmetric_rtp_codec');
  },
});
