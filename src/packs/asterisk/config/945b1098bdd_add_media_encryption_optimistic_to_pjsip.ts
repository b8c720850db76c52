// add media encryption optimistic to pjsip
// Asterisk config revision 945b1098bdd (parent: 15b1430ad6f1), after contrib/ast-db-manage/config/versions/945b1098bdd_add_media_encryption_optimistic_to_pjsip.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '945b1098bdd',
  parent: '15b1430ad6f1',
  description: 'add media encryption optimistic to pjsip',
  script: '945b1098bdd_add_media_encryption_optimistic_to_pjsip.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('media_encryption_optimistic', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'media_encryption_optimistic');
  },
});
