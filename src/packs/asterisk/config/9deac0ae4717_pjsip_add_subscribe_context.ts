// pjsip_add_subscribe_context
// Asterisk config revision 9deac0ae4717 (parent: ef7efc2d3964), after contrib/ast-db-manage/config/versions/9deac0ae4717_pjsip_add_subscribe_context.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '9deac0ae4717',
  parent: 'ef7efc2d3964',
  description: 'pjsip_add_subscribe_context',
  script: '9deac0ae4717_pjsip_add_subscribe_context.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('subscribe_context', t.string(40)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'subscribe_context');
  },
});
