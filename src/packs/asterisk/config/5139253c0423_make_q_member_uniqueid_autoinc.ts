// make q member uniqueid autoinc
// Asterisk config revision 5139253c0423 (parent: 1758e8bbf6b), after contrib/ast-db-manage/config/versions/5139253c0423_make_q_member_uniqueid_autoinc.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '5139253c0423',
  parent: '1758e8bbf6b',
  description: 'make q member uniqueid autoinc',
  script: '5139253c0423_make_q_member_uniqueid_autoinc.py',
  up: (op) => {
    op.dropColumn('queue_members', 'uniqueid');
    op.addColumn('queue_members', col('uniqueid', t.integer(), { nullable: false, unique: true }));
    op.alter('queue_members', 'uniqueid', { existingType: t.integer(), existingNullable: false, autoincrement: true });
  },
  down: (op) => {
    op.dropColumn('queue_members', 'uniqueid');
    op.addColumn('queue_members', col('uniqueid', t.string(80), { nullable: false }));
  },
});
