// Fix tos and cos field types
// Asterisk config revision 4c573e7135bd (parent: 28887f25a46f), after contrib/ast-db-manage/config/versions/4c573e7135bd_fix_tos_field_types.py.

import { col, t } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '4c573e7135bd',
  parent: '28887f25a46f',
  description: 'Fix tos and cos field types',
  script: '4c573e7135bd_fix_tos_field_types.py',
  up: (op) => {
    op.alter('ps_endpoints', 'tos_audio', { type: t.string(10) });
    op.alter('ps_endpoints', 'tos_video', { type: t.string(10) });
    op.dropColumn('ps_endpoints', 'cos_audio');
    op.dropColumn('ps_endpoints', 'cos_video');
    op.addColumn('ps_endpoints', col('cos_audio', t.integer()));
    op.addColumn('ps_endpoints', col('cos_video', t.integer()));
    op.alter('ps_transports', 'tos', { type: t.string(10) });
    op.dropColumn('ps_transports', 'cos');
    op.addColumn('ps_transports', col('cos', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'tos_audio');
    op.dropColumn('ps_endpoints', 'tos_video');
    op.addColumn('ps_endpoints', col('tos_audio', yesnoValues));
    op.addColumn('ps_endpoints', col('tos_video', yesnoValues));
    op.dropColumn('ps_endpoints', 'cos_audio');
    op.dropColumn('ps_endpoints', 'cos_video');
    op.addColumn('ps_endpoints', col('cos_audio', yesnoValues));
    op.addColumn('ps_endpoints', col('cos_video', yesnoValues));
    op.dropColumn('ps_transports', 'tos');
    op.addColumn('ps_transports', col('tos', yesnoValues));
    op.dropColumn('ps_transports', 'cos');
    op.addColumn('ps_transports', col('cos', yesnoValues));
  },
});
