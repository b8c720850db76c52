// allow_wildcard_certs
// Asterisk config revision 58e440314c2a (parent: 18e0805d367f), after contrib/ast-db-manage/config/versions/58e440314c2a_allow_wildcard_certs.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '58e440314c2a',
  parent: '18e0805d367f',
  description: 'allow_wildcard_certs',
  script: '58e440314c2a_allow_wildcard_certs.py',
  up: (op) => {
    op.addColumn('ps_transports', col('allow_wildcard_certs', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_transports', 'allow_wildcard_certs');
  },
});
