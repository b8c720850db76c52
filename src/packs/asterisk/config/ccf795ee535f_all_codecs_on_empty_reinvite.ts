// all_codecs_on_empty_reinvite
// Asterisk config revision ccf795ee535f (parent: 417c0247fd7e), after contrib/ast-db-manage/config/versions/ccf795ee535f_all_codecs_on_empty_reinvite.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'ccf795ee535f',
  parent: '417c0247fd7e',
  description: 'all_codecs_on_empty_reinvite',
  script: 'ccf795ee535f_all_codecs_on_empty_reinvite.py',
  up: (op) => {
    op.addColumn('ps_globals', col('all_codecs_on_empty_reinvite', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'all_codecs_on_empty_reinvite');
  },
});
