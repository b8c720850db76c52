// pjsip voicemail extension
// Asterisk config revision 1c688d9a003c (parent: 5813202e92be), after contrib/ast-db-manage/config/versions/1c688d9a003c_pjsip_voicemail_extension.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '1c688d9a003c',
  parent: '5813202e92be',
  description: 'pjsip voicemail extension',
  script: '1c688d9a003c_pjsip_voicemail_extension.py',
  up: (op) => {
    op.addColumn('ps_globals', col('default_voicemail_extension', t.string(40)));
    op.addColumn('ps_aors', col('voicemail_extension', t.string(40)));
    op.addColumn('ps_endpoints', col('voicemail_extension', t.string(40)));
    op.addColumn('ps_endpoints', col('mwi_subscribe_replaces_unsolicited', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'default_voicemail_extension');
    op.dropColumn('ps_aors', 'voicemail_extension');
    op.dropColumn('ps_endpoints', 'voicemail_extension');
    op.dropColumn('ps_endpoints', 'mwi_subscribe_replaces_unsolicited');
  },
});
