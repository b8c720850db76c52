// symmetric_transport
// Asterisk config revision f638dbe2eb23 (parent: 15db7b91a97a), after contrib/ast-db-manage/config/versions/f638dbe2eb23_symmetric_transport.py.

import { col, t } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'f638dbe2eb23',
  parent: '15db7b91a97a',
  description: 'symmetric_transport',
  script: 'f638dbe2eb23_symmetric_transport.py',
  up: (op) => {
    op.addColumn('ps_transports', col('symmetric_transport', yesnoValues));
    op.addColumn('ps_subscription_persistence', col('contact_uri', t.string(256)));
  },
  down: (op) => {
    op.dropColumn('ps_subscription_persistence', 'contact_uri');
    op.dropColumn('ps_transports', 'symmetric_transport');
  },
});
