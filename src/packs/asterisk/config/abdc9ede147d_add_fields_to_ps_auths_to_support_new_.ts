// Add fields to ps_auths to support new algorithms
// Asterisk config revision abdc9ede147d (parent: 44bd6dd914fa), after contrib/ast-db-manage/config/versions/abdc9ede147d_add_fields_to_ps_auths_to_support_new_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'abdc9ede147d',
  parent: '44bd6dd914fa',
  description: 'Add fields to ps_auths to support new algorithms',
  script: 'abdc9ede147d_add_fields_to_ps_auths_to_support_new_.py',
  up: (op) => {
    op.addColumn('ps_auths', col('password_digest', t.string(1024)));
    op.addColumn('ps_auths', col('supported_algorithms_uas', t.string(1024)));
    op.addColumn('ps_auths', col('supported_algorithms_uac', t.string(1024)));
    op.addColumn('ps_globals', col('default_auth_algorithms_uas', t.string(1024)));
    op.addColumn('ps_globals', col('default_auth_algorithms_uac', t.string(1024)));
  },
  down: (op) => {
    op.dropColumn('ps_auths', 'password_digest');
    op.dropColumn('ps_auths', 'supported_algorithms_uas');
    op.dropColumn('ps_auths', 'supported_algorithms_uac');
    op.dropColumn('ps_globals', 'default_auth_algorithms_uas');
    op.dropColumn('ps_globals', 'default_auth_algorithms_uac');
  },
});
