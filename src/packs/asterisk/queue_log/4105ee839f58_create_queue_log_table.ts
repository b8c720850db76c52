// create queue_log table
// Asterisk queue_log revision 4105ee839f58 (parent: base), after contrib/ast-db-manage/queue_log/versions/4105ee839f58_create_queue_log_table.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '4105ee839f58',
  parent: null,
  description: 'create queue_log table',
  script: '4105ee839f58_create_queue_log_table.py',
  up: (op) => {
    op.createTable('queue_log', [
      col('id', t.bigint(), { primaryKey: true, unique: true, autoIncrement: true }),
      col('time', t.datetime()),
      col('callid', t.string(80)),
      col('queuename', t.string(256)),
      col('agent', t.string(80)),
      col('event', t.string(32)),
      col('data1', t.string(100)),
      col('data2', t.string(100)),
      col('data3', t.string(100)),
      col('data4', t.string(100)),
      col('data5', t.string(100)),
    ]);
  },
  down: (op) => {
    op.dropTable('queue_log');
  },
});
