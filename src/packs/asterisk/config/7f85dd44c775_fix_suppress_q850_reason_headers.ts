// fix suppress_q850_reason_headers
// Asterisk config revision 7f85dd44c775 (parent: fe6592859b85), after contrib/ast-db-manage/config/versions/7f85dd44c775_fix_suppress_q850_reason_headers.py.

import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '7f85dd44c775',
  parent: 'fe6592859b85',
  description: 'fix suppress_q850_reason_headers',
  script: '7f85dd44c775_fix_suppress_q850_reason_headers.py',
  up: (op) => {
    op.alter('ps_endpoints', 'suppress_q850_reason_header', {
      type: yesnoValues,
      newName: 'suppress_q850_reason_headers',
    });
  },
  down: (op) => {
    op.alter('ps_endpoints', 'suppress_q850_reason_headers', {
      type: yesnoValues,
      newName: 'suppress_q850_reason_header',
    });
  },
});
