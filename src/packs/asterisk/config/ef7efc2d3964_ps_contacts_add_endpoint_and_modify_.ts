// ps_contacts add endpoint and modify expiration_time to bigint
// Asterisk config revision ef7efc2d3964 (parent: a845e4d8ade8), after contrib/ast-db-manage/config/versions/ef7efc2d3964_ps_contacts_add_endpoint_and_modify_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'ef7efc2d3964',
  parent: 'a845e4d8ade8',
  description: 'ps_contacts add endpoint and modify expiration_time to bigint',
  script: 'ef7efc2d3964_ps_contacts_add_endpoint_and_modify_.py',
  up: (op) => {
    op.addColumn('ps_contacts', col('endpoint', t.string(40)));
    op.alter('ps_contacts', 'expiration_time', { type: t.bigint(), using: 'expiration_time::bigint' });
    op.createIndex('ps_contacts_qualifyfreq_exp', 'ps_contacts', ['qualify_frequency', 'expiration_time']);
    op.createIndex('ps_aors_qualifyfreq_contact', 'ps_aors', ['qualify_frequency', 'contact']);
  },
  down: (op) => {
    op.dropIndex('ps_aors_qualifyfreq_contact', 'ps_aors');
    op.dropIndex('ps_contacts_qualifyfreq_exp', 'ps_contacts');
    op.dropColumn('ps_contacts', 'endpoint');
    op.alter('ps_contacts', 'expiration_time', { type: t.string(40) });
  },
});
