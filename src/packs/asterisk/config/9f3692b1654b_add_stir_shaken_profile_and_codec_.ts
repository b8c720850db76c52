// Add Stir Shaken Profile and Codec Preference to ps endpoint
// Asterisk config revision 9f3692b1654b (parent: 7197536bb68d), after contrib/ast-db-manage/config/versions/9f3692b1654b_add_stir_shaken_profile_and_codec_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

const pjsipIncomingCallOfferPrefValues = t.enum('pjsip_incoming_call_offer_pref_values', [
  'local',
  'local_first',
  'remote',
  'remote_first',
]);
const pjsipOutgoingCallOfferPrefValues = t.enum('pjsip_outgoing_call_offer_pref_values', [
  'local',
  'local_merge',
  'local_first',
  'remote',
  'remote_merge',
  'remote_first',
]);

export default revision({
  id: '9f3692b1654b',
  parent: '7197536bb68d',
  description: 'Add Stir Shaken Profile and Codec Preference to ps endpoint',
  script: '9f3692b1654b_add_stir_shaken_profile_and_codec_.py',
  up: (op) => {
    op.createEnumFor(pjsipIncomingCallOfferPrefValues);
    op.createEnumFor(pjsipOutgoingCallOfferPrefValues);
    op.addColumn('ps_endpoints', col('incoming_call_offer_pref', pjsipIncomingCallOfferPrefValues));
    op.addColumn('ps_endpoints', col('outgoing_call_offer_pref', pjsipOutgoingCallOfferPrefValues));
    op.addColumn('ps_endpoints', col('stir_shaken_profile', t.string(80)));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'outgoing_call_offer_pref');
    op.dropColumn('ps_endpoints', 'incoming_call_offer_pref');
    op.dropColumn('ps_endpoints', 'stir_shaken_profile');
    op.dropEnum('pjsip_incoming_call_offer_pref_values');
    op.dropEnum('pjsip_outgoing_call_offer_pref_values');
  },
});
