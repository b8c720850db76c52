// correct nullability of pjsip id columns
// Asterisk config revision 6c475a93f48a (parent: d5122576cca8), after contrib/ast-db-manage/config/versions/6c475a93f48a_correct_nullability_of_pjsip_id_columns.py.

import { t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '6c475a93f48a',
  parent: 'd5122576cca8',
  description: 'correct nullability of pjsip id columns',
  script: '6c475a93f48a_correct_nullability_of_pjsip_id_columns.py',
  up: (op) => {
    op.alter('ps_aors', 'id', { nullable: false, existingType: t.string(255), existingNullable: true });
    op.alter('ps_auths', 'id', { nullable: false, existingType: t.string(255), existingNullable: true });
    op.alter('ps_domain_aliases', 'id', { nullable: false, existingType: t.string(255), existingNullable: true });
    op.alter('ps_endpoint_id_ips', 'id', { nullable: false, existingType: t.string(255), existingNullable: true });
    op.alter('ps_endpoints', 'id', { nullable: false, existingType: t.string(255), existingNullable: true });
    op.alter('ps_inbound_publications', 'id', { nullable: false, existingType: t.string(255), existingNullable: true });
    op.alter('ps_outbound_publishes', 'id', { nullable: false, existingType: t.string(255), existingNullable: true });
    op.alter('ps_registrations', 'id', { nullable: false, existingType: t.string(255), existingNullable: true });
  },
  down: (op) => {
    op.alter('ps_registrations', 'id', { nullable: true, existingType: t.string(255), existingNullable: true });
    op.alter('ps_outbound_publishes', 'id', { nullable: true, existingType: t.string(255), existingNullable: true });
    op.alter('ps_inbound_publications', 'id', { nullable: true, existingType: t.string(255), existingNullable: true });
    op.alter('ps_endpoints', 'id', { nullable: true, existingType: t.string(255), existingNullable: true });
    op.alter('ps_endpoint_id_ips', 'id', { nullable: true, existingType: t.string(255), existingNullable: true });
    op.alter('ps_domain_aliases', 'id', { nullable: true, existingType: t.string(255), existingNullable: true });
    op.alter('ps_auths', 'id', { nullable: true, existingType: t.string(255), existingNullable: true });
    op.alter('ps_aors', 'id', { nullable: true, existingType: t.string(255), existingNullable: true });
  },
});
