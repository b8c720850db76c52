// increase pjsip columns size
// Asterisk config revision e96a0b8071c (parent: 3855ee4e5f85), after contrib/ast-db-manage/config/versions/e96a0b8071c_increase_pjsip_column_size.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'e96a0b8071c',
  parent: '3855ee4e5f85',
  description: 'increase pjsip columns size',
  script: 'e96a0b8071c_increase_pjsip_column_size.py',
  up: (op) => {
    op.alter('ps_globals', 'user_agent', { type: t.string(255) });
    op.alter('ps_contacts', 'id', { type: t.string(255) });
    op.alter('ps_contacts', 'uri', { type: t.string(255) });
    op.alter('ps_contacts', 'user_agent', { type: t.string(255) });
    op.alter('ps_registrations', 'client_uri', { type: t.string(255) });
    op.alter('ps_registrations', 'server_uri', { type: t.string(255) });
  },
  down: (op) => {
    op.alter('ps_globals', 'user_agent', { type: t.string(40) });
    op.alter('ps_contacts', 'id', { type: t.string(40) });
    op.alter('ps_contacts', 'uri', { type: t.string(40) });
    op.alter('ps_contacts', 'user_agent', { type: t.string(40) });
    op.alter('ps_registrations', 'client_uri', { type: t.string(40) });
    op.alter('ps_registrations', 'server_uri', { type: t.string(40) });
  },
});
