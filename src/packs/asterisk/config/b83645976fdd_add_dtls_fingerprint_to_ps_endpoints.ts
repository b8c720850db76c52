// add dtls_fingerprint to ps_endpoints
// Asterisk config revision b83645976fdd (parent: f3d1c5d38b56), after contrib/ast-db-manage/config/versions/b83645976fdd_add_dtls_fingerprint_to_ps_endpoints.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

const shaHashValues = t.enum('sha_hash_values', ['SHA-1', 'SHA-256']);

export default revision({
  id: 'b83645976fdd',
  parent: 'f3d1c5d38b56',
  description: 'add dtls_fingerprint to ps_endpoints',
  script: 'b83645976fdd_add_dtls_fingerprint_to_ps_endpoints.py',
  up: (op) => {
    op.createEnumFor(shaHashValues);
    op.addColumn('ps_endpoints', col('dtls_fingerprint', shaHashValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'dtls_fingerprint');
    op.dropEnum('sha_hash_values');
  },
});
