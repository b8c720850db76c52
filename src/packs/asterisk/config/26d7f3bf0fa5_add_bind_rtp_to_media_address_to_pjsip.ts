// add bind_rtp_to_media_address to pjsip
// Asterisk config revision 26d7f3bf0fa5 (parent: 2d078ec071b7), after contrib/ast-db-manage/config/versions/26d7f3bf0fa5_add_bind_rtp_to_media_address_to_pjsip.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '26d7f3bf0fa5',
  parent: '2d078ec071b7',
  description: 'add bind_rtp_to_media_address to pjsip',
  script: '26d7f3bf0fa5_add_bind_rtp_to_media_address_to_pjsip.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('bind_rtp_to_media_address', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'bind_rtp_to_media_address');
  },
});
