// add t38_bind_udptl_to_media_address
// Asterisk config revision a06d8f8462d9 (parent: f56d79a9f337), after contrib/ast-db-manage/config/versions/a06d8f8462d9_add_t38_bind_udptl_to_media_address.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'a06d8f8462d9',
  parent: 'f56d79a9f337',
  description: 'add t38_bind_udptl_to_media_address',
  script: 'a06d8f8462d9_add_t38_bind_udptl_to_media_address.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('t38_bind_udptl_to_media_address', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 't38_bind_udptl_to_media_address');
  },
});
