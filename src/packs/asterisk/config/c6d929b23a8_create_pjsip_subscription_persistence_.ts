// create pjsip subscription persistence table
// Asterisk config revision c6d929b23a8 (parent: e96a0b8071c), after contrib/ast-db-manage/config/versions/c6d929b23a8_create_pjsip_subscription_persistence_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'c6d929b23a8',
  parent: 'e96a0b8071c',
  description: 'create pjsip subscription persistence table',
  script: 'c6d929b23a8_create_pjsip_subscription_persistence_.py',
  up: (op) => {
    op.createTable('ps_subscription_persistence', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('packet', t.string(2048)),
      col('src_name', t.string(128)),
      col('src_port', t.integer()),
      col('transport_key', t.string(64)),
      col('local_name', t.string(128)),
      col('local_port', t.integer()),
      col('cseq', t.integer()),
      col('tag', t.string(128)),
      col('endpoint', t.string(40)),
      col('expires', t.integer()),
    ]);
    op.createIndex('ps_subscription_persistence_id', 'ps_subscription_persistence', ['id']);
  },
  down: (op) => {
    op.dropTable('ps_subscription_persistence');
  },
});
