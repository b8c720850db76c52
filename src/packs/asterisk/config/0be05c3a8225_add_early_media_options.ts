// Add early media options
// Asterisk config revision 0be05c3a8225 (parent: d3e4284f8707), after contrib/ast-db-manage/config/versions/0be05c3a8225_add_early_media_options.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '0be05c3a8225',
  parent: 'd3e4284f8707',
  description: 'Add early media options',
  script: '0be05c3a8225_add_early_media_options.py',
  up: (op) => {
    op.addColumn('ps_systems', col('follow_early_media_fork', yesnoValues));
    op.addColumn('ps_systems', col('accept_multiple_sdp_answers', yesnoValues));
    op.addColumn('ps_endpoints', col('follow_early_media_fork', yesnoValues));
    op.addColumn('ps_endpoints', col('accept_multiple_sdp_answers', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_systems', 'follow_early_media_fork');
    op.dropColumn('ps_systems', 'accept_multiple_sdp_answers');
    op.dropColumn('ps_endpoints', 'follow_early_media_fork');
    op.dropColumn('ps_endpoints', 'accept_multiple_sdp_answers');
  },
});
