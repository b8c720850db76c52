// update pjsip tls method list
// Asterisk config revision 37a5332640e2 (parent: dac2b4c328b8), after contrib/ast-db-manage/config/versions/37a5332640e2_update_pjsip_tls_method_list.py.

import { t } from '../../../schema/operations.js';
import { pjsipTransportMethodValues } from '../enums.js';
import { revision } from '../revision.js';

const pjsipTransportMethodValuesV2 = t.enum('pjsip_transport_method_values_v2', [
  'default',
  'unspecified',
  'tlsv1',
  'tlsv1_1',
  'tlsv1_2',
  'tlsv1_3',
  'sslv2',
  'sslv23',
  'sslv3',
]);

export default revision({
  id: '37a5332640e2',
  parent: 'dac2b4c328b8',
  description: 'update pjsip tls method list',
  script: '37a5332640e2_update_pjsip_tls_method_list.py',
  up: (op) => {
    op.replaceEnumType('pjsip_transport_method_values', pjsipTransportMethodValuesV2, [['ps_transports', 'method']]);
  },
  down: (op) => {
    op.sqlOn(
      'ps_transports',
      "UPDATE ps_transports SET method = 'tlsv1' WHERE method IN ('tlsv1_1', 'tlsv1_2', 'tlsv1_3')",
    );
    op.replaceEnumType('pjsip_transport_method_values_v2', pjsipTransportMethodValues, [['ps_transports', 'method']]);
  },
});
