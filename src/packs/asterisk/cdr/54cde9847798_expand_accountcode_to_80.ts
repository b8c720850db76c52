// expand accountcode to 80
// Asterisk cdr revision 54cde9847798 (parent: 210693f3123d), after contrib/ast-db-manage/cdr/versions/54cde9847798_expand_accountcode_to_80.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '54cde9847798',
  parent: '210693f3123d',
  description: 'expand accountcode to 80',
  script: '54cde9847798_expand_accountcode_to_80.py',
  up: (op) => {
    op.alter('cdr', 'accountcode', { type: t.string(80) });
    op.alter('cdr', 'peeraccount', { type: t.string(80) });
  },
  down: (op) => {
    op.alter('cdr', 'accountcode', { type: t.string(20) });
    op.alter('cdr', 'peeraccount', { type: t.string(20) });
  },
});
