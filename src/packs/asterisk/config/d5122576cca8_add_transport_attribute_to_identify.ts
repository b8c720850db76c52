// add transport attribute to identify
// Asterisk config revision d5122576cca8 (parent: cf150a175fd3), after contrib/ast-db-manage/config/versions/d5122576cca8_add_transport_attribute_to_identify.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'd5122576cca8',
  parent: 'cf150a175fd3',
  description: 'add transport attribute to identify',
  script: 'd5122576cca8_add_transport_attribute_to_identify.py',
  up: (op) => {
    op.addColumn('ps_endpoint_id_ips', col('transport', t.string(128)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoint_id_ips', 'transport');
  },
});
