// Increase uri column size
// Asterisk config revision 1d3ed26d9978 (parent: 19b00bc19b7b), after contrib/ast-db-manage/config/versions/1d3ed26d9978_increase_uri_column_size.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '1d3ed26d9978',
  parent: '19b00bc19b7b',
  description: 'Increase uri column size',
  script: '1d3ed26d9978_increase_uri_column_size.py',
  up: (op) => {
    op.alter('ps_contacts', 'uri', { type: t.string(511) });
  },
  down: (op) => {
    op.alter('ps_contacts', 'uri', { type: t.string(255) });
  },
});
