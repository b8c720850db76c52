// Remove macrocontext field
// Asterisk voicemail revision 1c55c341360f (parent: 39428242f7f5), after contrib/ast-db-manage/voicemail/versions/1c55c341360f_remove_macrocontext_field.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '1c55c341360f',
  parent: '39428242f7f5',
  description: 'Remove macrocontext field',
  script: '1c55c341360f_remove_macrocontext_field.py',
  up: (op) => {
    op.dropColumn('voicemail_messages', 'macrocontext');
  },
  down: (op) => {
    op.addColumn('voicemail_messages', col('macrocontext', t.string(80)));
  },
});
