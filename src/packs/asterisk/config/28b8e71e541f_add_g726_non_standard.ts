// add g726_non_standard
// Asterisk config revision 28b8e71e541f (parent: a541e0b5e89), after contrib/ast-db-manage/config/versions/28b8e71e541f_add_g726_non_standard.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '28b8e71e541f',
  parent: 'a541e0b5e89',
  description: 'add g726_non_standard',
  script: '28b8e71e541f_add_g726_non_standard.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('g726_non_standard', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'g726_non_standard');
  },
});
