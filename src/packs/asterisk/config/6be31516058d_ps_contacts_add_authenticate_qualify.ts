// ps_contacts add authenticate_qualify
// Asterisk config revision 6be31516058d (parent: 81b01a191a46), after contrib/ast-db-manage/config/versions/837aa67461fb_ps_contacts_add_authenticate_qualify.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '6be31516058d',
  parent: '81b01a191a46',
  description: 'ps_contacts add authenticate_qualify',
  script: '837aa67461fb_ps_contacts_add_authenticate_qualify.py',
  up: (op) => {
    op.addColumn('ps_contacts', col('authenticate_qualify', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_contacts', 'authenticate_qualify');
  },
});
