// Create tables
// Asterisk voicemail revision a2e9769475e (parent: base), after contrib/ast-db-manage/voicemail/versions/a2e9769475e_create_tables.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'a2e9769475e',
  parent: null,
  description: 'Create tables',
  script: 'a2e9769475e_create_tables.py',
  up: (op) => {
    op.createTable('voicemail_messages', [
      col('dir', t.string(255), { nullable: false }),
      col('msgnum', t.integer(), { nullable: false }),
      col('context', t.string(80)),
      col('macrocontext', t.string(80)),
      col('callerid', t.string(80)),
      col('origtime', t.integer()),
      col('duration', t.integer()),
      col('recording', t.blob()),
      col('flag', t.string(30)),
      col('category', t.string(30)),
      col('mailboxuser', t.string(30)),
      col('mailboxcontext', t.string(30)),
      col('msg_id', t.string(40)),
    ]);
    op.addPrimaryKey('voicemail_messages', ['dir', 'msgnum'], 'voicemail_messages_dir_msgnum');
    op.createIndex('voicemail_messages_dir', 'voicemail_messages', ['dir']);
  },
  down: (op) => {
    op.dropTable('voicemail_messages');
  },
});
