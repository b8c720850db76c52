// fix pjsip qualify timeout
// Asterisk config revision 423f34ad36e2 (parent: 136885b81223), after contrib/ast-db-manage/config/versions/423f34ad36e2_fix_pjsip_qualify_ti.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '423f34ad36e2',
  parent: '136885b81223',
  description: 'fix pjsip qualify timeout',
  script: '423f34ad36e2_fix_pjsip_qualify_ti.py',
  up: (op) => {
    op.alter('ps_aors', 'qualify_timeout', { type: t.float() });
    op.alter('ps_contacts', 'qualify_timeout', { type: t.float() });
  },
  down: (op) => {
    op.alter('ps_aors', 'qualify_timeout', { type: t.integer() });
    op.alter('ps_contacts', 'qualify_timeout', { type: t.integer() });
  },
});
