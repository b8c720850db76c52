// add generator_data to ps_subscription_persistence
// Asterisk config revision 801b9fced8b7 (parent: 655054a68ad5), after contrib/ast-db-manage/config/versions/801b9fced8b7_add_generator_data_to_ps_subscription_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '801b9fced8b7',
  parent: '655054a68ad5',
  description: 'add generator_data to ps_subscription_persistence',
  script: '801b9fced8b7_add_generator_data_to_ps_subscription_.py',
  up: (op) => {
    op.addColumn('ps_subscription_persistence', col('generator_data', t.text()));
  },
  down: (op) => {
    op.dropColumn('ps_subscription_persistence', 'generator_data');
  },
});
