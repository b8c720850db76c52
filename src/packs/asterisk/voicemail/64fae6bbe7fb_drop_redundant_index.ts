// Drop redundant index
// Asterisk voicemail revision 64fae6bbe7fb (parent: 1c55c341360f), after contrib/ast-db-manage/voicemail/versions/64fae6bbe7fb_drop_redundant_index.py.

import { revision } from '../revision.js';

export default revision({
  id: '64fae6bbe7fb',
  parent: '1c55c341360f',
  description: 'Drop redundant index',
  script: '64fae6bbe7fb_drop_redundant_index.py',
  up: (op) => {
    op.dropIndex('voicemail_messages_dir', 'voicemail_messages');
  },
  down: (op) => {
    op.createIndex('voicemail_messages_dir', 'voicemail_messages', ['dir']);
  },
});
