// Create CDR table.
// Asterisk cdr revision 210693f3123d (parent: base), after contrib/ast-db-manage/cdr/versions/210693f3123d_create_cdr_table.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '210693f3123d',
  parent: null,
  description: 'Create CDR table.',
  script: '210693f3123d_create_cdr_table.py',
  up: (op) => {
    op.createTable('cdr', [
      col('accountcode', t.string(20)),
      col('src', t.string(80)),
      col('dst', t.string(80)),
      col('dcontext', t.string(80)),
      col('clid', t.string(80)),
      col('channel', t.string(80)),
      col('dstchannel', t.string(80)),
      col('lastapp', t.string(80)),
      col('lastdata', t.string(80)),
      col('start', t.datetime()),
      col('answer', t.datetime()),
      col('end', t.datetime()),
      col('duration', t.integer()),
      col('billsec', t.integer()),
      col('disposition', t.string(45)),
      col('amaflags', t.string(45)),
      col('userfield', t.string(256)),
      col('uniqueid', t.string(150)),
      col('linkedid', t.string(150)),
      col('peeraccount', t.string(20)),
      col('sequence', t.integer()),
    ]);
  },
  down: (op) => {
    op.dropTable('cdr');
  },
});
