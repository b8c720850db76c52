// Fix mwi_subscribe_replaces_unsolicited
// Asterisk config revision fe6592859b85 (parent: 1d3ed26d9978), after contrib/ast-db-manage/config/versions/fe6592859b85_fix_mwi_subscribe_replaces_.py.

import { t } from '../../../schema/operations.js';
import { astBoolValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'fe6592859b85',
  parent: '1d3ed26d9978',
  description: 'Fix mwi_subscribe_replaces_unsolicited',
  script: 'fe6592859b85_fix_mwi_subscribe_replaces_.py',
  up: (op) => {
    op.createEnumFor(astBoolValues);
    op.alter('ps_endpoints', 'mwi_subscribe_replaces_unsolicited', { type: t.string(5) });
    op.alter('ps_endpoints', 'mwi_subscribe_replaces_unsolicited', {
      type: astBoolValues,
      using: 'mwi_subscribe_replaces_unsolicited::ast_bool_values',
    });
  },
  down: (op) => {
    op.sqlOn(
      'ps_endpoints',
      "UPDATE ps_endpoints SET mwi_subscribe_replaces_unsolicited='0' WHERE mwi_subscribe_replaces_unsolicited='off'  OR mwi_subscribe_replaces_unsolicited='false'  OR mwi_subscribe_replaces_unsolicited='no'",
    );
    op.sqlOn(
      'ps_endpoints',
      "UPDATE ps_endpoints SET mwi_subscribe_replaces_unsolicited='1' WHERE mwi_subscribe_replaces_unsolicited='on'  OR mwi_subscribe_replaces_unsolicited='true'  OR mwi_subscribe_replaces_unsolicited='yes'",
    );
    op.alter('ps_endpoints', 'mwi_subscribe_replaces_unsolicited', { type: t.string(5) });
    op.alter('ps_endpoints', 'mwi_subscribe_replaces_unsolicited', {
      type: t.integer(),
      using: 'mwi_subscribe_replaces_unsolicited::Integer',
    });
    op.dropEnum('ast_bool_values');
  },
});
