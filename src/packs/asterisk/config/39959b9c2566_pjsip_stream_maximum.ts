// pjsip_stream_maximum
// Asterisk config revision 39959b9c2566 (parent: d7983954dd96), after contrib/ast-db-manage/config/versions/39959b9c2566_pjsip_stream_maximum.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '39959b9c2566',
  parent: 'd7983954dd96',
  description: 'pjsip_stream_maximum',
  script: '39959b9c2566_pjsip_stream_maximum.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('max_audio_streams', t.integer()));
    op.addColumn('ps_endpoints', col('max_video_streams', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'max_audio_streams');
    op.dropColumn('ps_endpoints', 'max_video_streams');
  },
});
