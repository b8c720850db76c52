// Add peer_supported to 100rel
// Asterisk config revision 539f68bede2c (parent: 9f3692b1654b), after contrib/ast-db-manage/config/versions/539f68bede2c_add_peer_supported_to_100rel.py.

import { t } from '../../../schema/operations.js';
import { pjsip100relValues } from '../enums.js';
import { revision } from '../revision.js';

const pjsip100relValuesV2 = t.enum('pjsip_100rel_values_v2', ['no', 'required', 'peer_supported', 'yes']);

export default revision({
  id: '539f68bede2c',
  parent: '9f3692b1654b',
  description: 'Add peer_supported to 100rel',
  script: '539f68bede2c_add_peer_supported_to_100rel.py',
  up: (op) => {
    op.replaceEnumType('pjsip_100rel_values', pjsip100relValuesV2, [['ps_endpoints', '100rel']]);
  },
  down: (op) => {
    op.replaceEnumType('pjsip_100rel_values_v2', pjsip100relValues, [['ps_endpoints', '100rel']]);
  },
});
