// increase useragent column size
// Asterisk config revision 1758e8bbf6b (parent: 1d50859ed02e), after contrib/ast-db-manage/config/versions/1758e8bbf6b_increase_useragent_column_size.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '1758e8bbf6b',
  parent: '1d50859ed02e',
  description: 'increase useragent column size',
  script: '1758e8bbf6b_increase_useragent_column_size.py',
  up: (op) => {
    op.alter('sippeers', 'useragent', { type: t.string(255) });
  },
  down: (op) => {
    op.alter('sippeers', 'useragent', { type: t.string(20) });
  },
});
