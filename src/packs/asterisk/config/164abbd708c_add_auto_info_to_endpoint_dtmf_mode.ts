// Add auto_info to endpoint dtmf_mode
// Asterisk config revision 164abbd708c (parent: 39959b9c2566), after contrib/ast-db-manage/config/versions/164abbd708c_add_auto_info_to_endpoint_dtmf_mode.py.

import { t } from '../../../schema/operations.js';
import { pjsipDtmfModeValuesV2 } from '../enums.js';
import { revision } from '../revision.js';

const pjsipDtmfModeValuesV3 = t.enum('pjsip_dtmf_mode_values_v3', ['rfc4733', 'inband', 'info', 'auto', 'auto_info']);

export default revision({
  id: '164abbd708c',
  parent: '39959b9c2566',
  description: 'Add auto_info to endpoint dtmf_mode',
  script: '164abbd708c_add_auto_info_to_endpoint_dtmf_mode.py',
  up: (op) => {
    op.replaceEnumType('pjsip_dtmf_mode_values_v2', pjsipDtmfModeValuesV3, [['ps_endpoints', 'dtmf_mode']]);
  },
  down: (op) => {
    op.replaceEnumType('pjsip_dtmf_mode_values_v3', pjsipDtmfModeValuesV2, [['ps_endpoints', 'dtmf_mode']]);
  },
});
