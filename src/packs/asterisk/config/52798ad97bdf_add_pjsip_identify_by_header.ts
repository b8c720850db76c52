// add pjsip identify by header
// Asterisk config revision 52798ad97bdf (parent: e2f04d309071), after contrib/ast-db-manage/config/versions/52798ad97bdf_add_pjsip_identify_by_header.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '52798ad97bdf',
  parent: 'e2f04d309071',
  description: 'add pjsip identify by header',
  script: '52798ad97bdf_add_pjsip_identify_by_header.py',
  up: (op) => {
    op.alter('ps_endpoints', 'identify_by', {
      type: t.string(80),
      using: 'identify_by::text::pjsip_identify_by_values',
    });
    op.dropEnum('pjsip_identify_by_values');
  },
  down: (op) => {
    op.createEnum('pjsip_identify_by_values', ['username', 'auth_username', 'ip']);
    op.alter('ps_endpoints', 'identify_by', {
      type: t.enum('pjsip_identify_by_values', ['username', 'auth_username', 'ip']),
      using: 'identify_by::text::pjsip_identify_by_values',
    });
  },
});
