// Create STIR/SHAKEN TN table
// Asterisk config revision bd335bae5d33 (parent: 24c12d8e9014), after contrib/ast-db-manage/config/versions/bd335bae5d33_create_stir_shaken_tn_table.py.

import { col, t } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'bd335bae5d33',
  parent: '24c12d8e9014',
  description: 'Create STIR/SHAKEN TN table',
  script: 'bd335bae5d33_create_stir_shaken_tn_table.py',
  up: (op) => {
    op.createTable('stir_tn', [
      col('id', t.string(80), { primaryKey: true }),
      col('private_key_file', t.string(1024)),
      col('public_cert_url', t.string(1024)),
      col('attest_level', t.string(1)),
      col('send_mky', astBoolValues),
    ]);
  },
  down: (op) => {
    op.dropTable('stir_tn');
  },
});
