// add pjsip identify by ip
// Asterisk config revision 20abce6d1e3c (parent: a1698e8bb9c5), after contrib/ast-db-manage/config/versions/20abce6d1e3c_add_pjsip_identify_by_ip.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '20abce6d1e3c',
  parent: 'a1698e8bb9c5',
  description: 'add pjsip identify by ip',
  script: '20abce6d1e3c_add_pjsip_identify_by_ip.py',
  up: (op) => {
    op.replaceEnumType(
      'pjsip_identify_by_values',
      t.enum('pjsip_identify_by_values', ['username', 'auth_username', 'ip']),
      [['ps_endpoints', 'identify_by']],
    );
  },
  down: (op) => {
    op.replaceEnumType('pjsip_identify_by_values', t.enum('pjsip_identify_by_values', ['username', 'auth_username']), [
      ['ps_endpoints', 'identify_by'],
    ]);
  },
});
