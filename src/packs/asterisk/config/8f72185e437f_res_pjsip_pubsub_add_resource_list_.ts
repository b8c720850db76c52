// res_pjsip_pubsub add resource_list option resource_display_name
// Asterisk config revision 8f72185e437f (parent: a06d8f8462d9), after contrib/ast-db-manage/config/versions/8f72185e437f_res_pjsip_pubsub_add_resource_list_.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '8f72185e437f',
  parent: 'a06d8f8462d9',
  description: 'res_pjsip_pubsub add resource_list option resource_display_name',
  script: '8f72185e437f_res_pjsip_pubsub_add_resource_list_.py',
  up: (op) => {
    op.addColumn('ps_resource_list', col('resource_display_name', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_resource_list', 'resource_display_name');
  },
});
