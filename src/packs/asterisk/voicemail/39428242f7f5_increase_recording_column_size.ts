// increase recording column size
// Asterisk voicemail revision 39428242f7f5 (parent: a2e9769475e), after contrib/ast-db-manage/voicemail/versions/39428242f7f5_increase_recording_column_size.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '39428242f7f5',
  parent: 'a2e9769475e',
  description: 'increase recording column size',
  script: '39428242f7f5_increase_recording_column_size.py',
  up: (op) => {
    op.alter('voicemail_messages', 'recording', { type: t.blob(4294967295) });
  },
  down: (op) => {
    op.alter('voicemail_messages', 'recording', { type: t.blob() });
  },
});
