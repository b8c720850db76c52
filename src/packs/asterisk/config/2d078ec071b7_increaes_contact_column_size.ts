// increaes_contact_column_size
// Asterisk config revision 2d078ec071b7 (parent: 189a235b3fd7), after contrib/ast-db-manage/config/versions/2d078ec071b7_increaes_contact_column_size.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '2d078ec071b7',
  parent: '189a235b3fd7',
  description: 'increaes_contact_column_size',
  script: '2d078ec071b7_increaes_contact_column_size.py',
  up: (op) => {
    op.alter('ps_aors', 'contact', { type: t.string(255) });
  },
  down: (op) => {
    op.alter('ps_aors', 'contact', { type: t.string(40) });
  },
});
