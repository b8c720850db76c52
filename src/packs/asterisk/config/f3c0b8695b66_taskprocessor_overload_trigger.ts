// taskprocessor_overload_trigger
// Asterisk config revision f3c0b8695b66 (parent: 0838f8db6a61), after contrib/ast-db-manage/config/versions/f3c0b8695b66_taskprocessor_overload_trigger.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

const pjsipTaskprocessorOverloadTriggerValues = t.enum('pjsip_taskprocessor_overload_trigger_values', [
  'none',
  'global',
  'pjsip_only',
]);

export default revision({
  id: 'f3c0b8695b66',
  parent: '0838f8db6a61',
  description: 'taskprocessor_overload_trigger',
  script: 'f3c0b8695b66_taskprocessor_overload_trigger.py',
  up: (op) => {
    op.createEnumFor(pjsipTaskprocessorOverloadTriggerValues);
    op.addColumn('ps_globals', col('taskprocessor_overload_trigger', pjsipTaskprocessorOverloadTriggerValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'taskprocessor_overload_trigger');
    op.dropEnum('pjsip_taskprocessor_overload_trigger_values');
  },
});
