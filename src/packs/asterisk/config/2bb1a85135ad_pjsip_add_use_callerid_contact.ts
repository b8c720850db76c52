// pjsip add use_callerid_contact
// Asterisk config revision 2bb1a85135ad (parent: 465f47f880be), after contrib/ast-db-manage/config/versions/2bb1a85135ad_pjsip_add_use_callerid_contact.py.

import { col } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '2bb1a85135ad',
  parent: '465f47f880be',
  description: 'pjsip add use_callerid_contact',
  script: '2bb1a85135ad_pjsip_add_use_callerid_contact.py',
  up: (op) => {
    op.addColumn('ps_globals', col('use_callerid_contact', astBoolValues));
  },
  down: (op) => {
    op.dropColumn('ps_globals', 'use_callerid_contact');
  },
});
