// phonebook -> phonebook: entries keyed by UID; entry ids kept.

import type { ConversionStep } from '../../types.js';
import { text } from '../names.js';
import { userStep } from './user-step.js';

export const phonebookStep: ConversionStep = userStep({
  name: 'phonebook',
  description: 'phonebook entries, keyed by UID',
  table: 'phonebook',
  columns: ['id', 'username', 'domain', 'fname', 'lname', 'sip_uri'],
  writes: [{ name: 'phonebook', columns: ['id', 'uid', 'fname', 'lname', 'sip_uri'], serial: 'id' }],
  build(row, uid, emit) {
    emit('phonebook', {
      id: row.id,
      uid,
      fname: row.fname ?? null,
      lname: row.lname ?? null,
      sip_uri: text(row.sip_uri),
    });
  },
});
