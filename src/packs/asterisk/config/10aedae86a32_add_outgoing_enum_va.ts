// Add Outgoing enum value to sippeers directmedia
// Asterisk config revision 10aedae86a32 (parent: 5950038a6ead), after contrib/ast-db-manage/config/versions/10aedae86a32_add_outgoing_enum_va.py.

import { t } from '../../../schema/operations.js';
import { sipDirectmediaValues } from '../enums.js';
import { revision } from '../revision.js';

const sipDirectmediaValuesV2 = t.enum('sip_directmedia_values_v2', ['yes', 'no', 'nonat', 'update', 'outgoing']);

export default revision({
  id: '10aedae86a32',
  parent: '5950038a6ead',
  description: 'Add Outgoing enum value to sippeers directmedia',
  script: '10aedae86a32_add_outgoing_enum_va.py',
  up: (op) => {
    op.replaceEnumType('sip_directmedia_values', sipDirectmediaValuesV2, [['sippeers', 'directmedia']]);
  },
  down: (op) => {
    op.sqlOn('sippeers', "UPDATE sippeers SET directmedia=NULL WHERE sippeers.directmedia = 'outgoing'");
    op.replaceEnumType('sip_directmedia_values_v2', sipDirectmediaValues, [['sippeers', 'directmedia']]);
  },
});
