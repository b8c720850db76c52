// Create queue_rules
// Asterisk config revision d39508cb8d8 (parent: 5139253c0423), after contrib/ast-db-manage/config/versions/d39508cb8d8_create_queue_rules.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'd39508cb8d8',
  parent: '5139253c0423',
  description: 'Create queue_rules',
  script: 'd39508cb8d8_create_queue_rules.py',
  up: (op) => {
    op.createTable('queue_rules', [
      col('rule_name', t.string(80), { nullable: false }),
      col('time', t.string(32), { nullable: false }),
      col('min_penalty', t.string(32), { nullable: false }),
      col('max_penalty', t.string(32), { nullable: false }),
    ]);
  },
  down: (op) => {
    op.dropTable('queue_rules');
  },
});
