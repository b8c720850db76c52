// uri -> uri: the user parts each subscriber may use, as non-canonical SIP URIs of its UID.
// A row naming the subscriber's own canonical URI is already there (from credentials): not repeated.

import type { ConversionStep } from '../../types.js';
import { DB_FOR_SERWEB, DB_IS_FROM, DB_IS_TO, DB_LOAD_SER, DEFAULT_DID } from '../flags.js';
import { text } from '../names.js';
import { owner, userStep } from './user-step.js';

export const uriStep: ConversionStep = userStep({
  name: 'uri',
  description: 'uri user parts into SIP URIs of the owning subscriber',
  table: 'uri',
  columns: ['username', 'domain', 'uri_user'],
  writes: [{ name: 'uri', columns: ['uid', 'did', 'username', 'flags', 'scheme'] }],
  canonicalOnly: true,
  needsUris: true,
  dependsOn: ['domain', 'subscriber', 'pending'],
  build(row, uid, emit, ids) {
    const o = owner(row);
    const did = ids.domains.didOf(o.domain) ?? DEFAULT_DID;
    const username = text(row.uri_user);
    if (username === o.user && ids.hasCanonical(username, did, uid)) return;
    emit('uri', { uid, did, username, flags: DB_LOAD_SER | DB_IS_FROM | DB_IS_TO | DB_FOR_SERWEB, scheme: 'sip' });
  },
});
