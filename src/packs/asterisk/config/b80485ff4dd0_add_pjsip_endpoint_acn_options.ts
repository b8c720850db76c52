// Add pjsip endpoint ACN options
// Asterisk config revision b80485ff4dd0 (parent: 79290b511e4b), after contrib/ast-db-manage/config/versions/b80485ff4dd0_add_pjsip_endpoint_acn_options.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'b80485ff4dd0',
  parent: '79290b511e4b',
  description: 'Add pjsip endpoint ACN options',
  script: 'b80485ff4dd0_add_pjsip_endpoint_acn_options.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('codec_prefs_incoming_offer', t.string(128)));
    op.addColumn('ps_endpoints', col('codec_prefs_outgoing_offer', t.string(128)));
    op.addColumn('ps_endpoints', col('codec_prefs_incoming_answer', t.string(128)));
    op.addColumn('ps_endpoints', col('codec_prefs_outgoing_answer', t.string(128)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'codec_prefs_incoming_offer');
    op.dropColumn('ps_endpoints', 'codec_prefs_outgoing_offer');
    op.dropColumn('ps_endpoints', 'codec_prefs_incoming_answer');
    op.dropColumn('ps_endpoints', 'codec_prefs_outgoing_answer');
  },
});
