// Add auto DTMF mode
// Asterisk config revision 31cd4f4891ec (parent: 23530d604b96), after contrib/ast-db-manage/config/versions/31cd4f4891ec_add_auto_dtmf_mode.py.

import { pjsipDtmfModeValues, pjsipDtmfModeValuesV2 } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '31cd4f4891ec',
  parent: '23530d604b96',
  description: 'Add auto DTMF mode',
  script: '31cd4f4891ec_add_auto_dtmf_mode.py',
  up: (op) => {
    op.replaceEnumType('pjsip_dtmf_mode_values', pjsipDtmfModeValuesV2, [['ps_endpoints', 'dtmf_mode']]);
  },
  down: (op) => {
    op.replaceEnumType('pjsip_dtmf_mode_values_v2', pjsipDtmfModeValues, [['ps_endpoints', 'dtmf_mode']]);
  },
});
