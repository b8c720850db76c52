// Fix pjsip transports verify column
// Asterisk config revision 5950038a6ead (parent: d39508cb8d8), after contrib/ast-db-manage/config/versions/5950038a6ead_fix_pjsip_verifiy_typo.py.

import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '5950038a6ead',
  parent: 'd39508cb8d8',
  description: 'Fix pjsip transports verify column',
  script: '5950038a6ead_fix_pjsip_verifiy_typo.py',
  up: (op) => {
    op.alter('ps_transports', 'verifiy_server', { type: yesnoValues, newName: 'verify_server' });
  },
  down: (op) => {
    op.alter('ps_transports', 'verify_server', { type: yesnoValues, newName: 'verifiy_server' });
  },
});
