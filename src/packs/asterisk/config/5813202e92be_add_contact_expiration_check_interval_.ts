// Add contact_expiration_check_interval to ps_globals
// Asterisk config revision 5813202e92be (parent: 3bcc0b5bc2c9), after contrib/ast-db-manage/config/versions/5813202e92be_add_contact_expiration_check_interval_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '5813202e92be',
  parent: '3bcc0b5bc2c9',
  description: 'Add contact_expiration_check_interval to ps_globals',
  script: '5813202e92be_add_contact_expiration_check_interval_.py',
  up: (op) => {
    op.addColumn('ps_globals', col('contact_expiration_check_interval', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'contact_expiration_check_interval');
  },
});
