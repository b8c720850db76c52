// location -> location: contacts keyed by UID, with the address of record SER 2.0 requires
// (the old tool left aor out although the column is NOT NULL).

import type { ConversionStep } from '../../types.js';
import { datetime, EPOCH, text } from '../names.js';
import { owner, userStep } from './user-step.js';

export const locationStep: ConversionStep = userStep({
  name: 'location',
  description: 'registered contacts, keyed by UID',
  table: 'location',
  columns: ['username', 'domain', 'contact', 'received', 'expires', 'q', 'callid', 'cseq', 'flags', 'user_agent'],
  writes: [
    {
      name: 'location',
      columns: ['uid', 'aor', 'contact', 'received', 'expires', 'q', 'callid', 'cseq', 'flags', 'user_agent'],
    },
  ],
  build(row, uid, emit) {
    const o = owner(row);
    emit('location', {
      uid,
      aor: `sip:${o.user}${o.domain ? '@' + o.domain : ''}`,
      contact: text(row.contact),
      received: row.received ?? null,
      expires: datetime(row.expires) ?? EPOCH,
      q: row.q ?? 1,
      callid: row.callid ?? null,
      cseq: row.cseq ?? null,
      flags: row.flags ?? 0,
      user_agent: row.user_agent ?? null,
    });
  },
});
