// create rls table
// Asterisk config revision 1d0e332c32af (parent: 2da192dbbc65), after contrib/ast-db-manage/config/versions/1d0e332c32af_create_rls_table.py.

import { col, t } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '1d0e332c32af',
  parent: '2da192dbbc65',
  description: 'create rls table',
  script: '1d0e332c32af_create_rls_table.py',
  up: (op) => {
    op.createTable('ps_resource_list', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('list_item', t.string(2048)),
      col('event', t.string(40)),
      col('full_state', yesnoValues),
      col('notification_batch_interval', t.integer()),
    ]);
    op.createIndex('ps_resource_list_id', 'ps_resource_list', ['id']);
  },
  down: (op) => {
    op.dropTable('ps_resource_list');
  },
});
