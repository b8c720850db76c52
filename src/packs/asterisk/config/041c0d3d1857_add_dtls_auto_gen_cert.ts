// add_dtls_auto_generate_cert
// Asterisk config revision 041c0d3d1857 (parent: de83fac997e2), after contrib/ast-db-manage/config/versions/041c0d3d1857_add_dtls_auto_gen_cert.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '041c0d3d1857',
  parent: 'de83fac997e2',
  description: 'add_dtls_auto_generate_cert',
  script: '041c0d3d1857_add_dtls_auto_gen_cert.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('dtls_auto_generate_cert', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'dtls_auto_generate_cert');
  },
});
