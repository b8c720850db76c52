// Add allow_reload to ps_transports
// Asterisk config revision 3bcc0b5bc2c9 (parent: dbc44d5a908), after contrib/ast-db-manage/config/versions/3bcc0b5bc2c9_add_allow_reload_to_ps_transports.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '3bcc0b5bc2c9',
  parent: 'dbc44d5a908',
  description: 'Add allow_reload to ps_transports',
  script: '3bcc0b5bc2c9_add_allow_reload_to_ps_transports.py',
  up: (op) => {
    op.addColumn('ps_transports', col('allow_reload', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_transports', 'allow_reload');
  },
});
