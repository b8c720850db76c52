// add qualify 2xx only option
// Asterisk config revision 44bd6dd914fa (parent: 4f91fc18c979), after contrib/ast-db-manage/config/versions/44bd6dd914fa_add_qualify_2xx_only_option.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '44bd6dd914fa',
  parent: '4f91fc18c979',
  description: 'add qualify 2xx only option',
  script: '44bd6dd914fa_add_qualify_2xx_only_option.py',
  up: (op) => {
    op.addColumn('ps_aors', col('qualify_2xx_only', astBoolValues));
    op.addColumn('ps_contacts', col('qualify_2xx_only', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_aors', 'qualify_2xx_only');
    op.dropColumn('ps_contacts', 'qualify_2xx_only');
  },
});
