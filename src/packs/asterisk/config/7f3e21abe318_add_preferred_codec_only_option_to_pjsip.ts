// add preferred_codec_only option to pjsip
// Asterisk config revision 7f3e21abe318 (parent: 4e2493ef32e6), after contrib/ast-db-manage/config/versions/7f3e21abe318_add_preferred_codec_only_option_to_pjsip.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '7f3e21abe318',
  parent: '4e2493ef32e6',
  description: 'add preferred_codec_only option to pjsip',
  script: '7f3e21abe318_add_preferred_codec_only_option_to_pjsip.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('preferred_codec_only', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'preferred_codec_only');
  },
});
