// usr_preferences -> user_attrs: the old name of user attributes, copied as they are with UIDs.
// The old tool listed it as 'user_preferences' but tested 'usr_preferences', so it never ran.

import type { ConversionStep } from '../../types.js';
import { DB_FOR_SERWEB, DB_LOAD_SER } from '../flags.js';
import { text } from '../names.js';
import { userStep } from './user-step.js';

export const usrPreferencesStep: ConversionStep = userStep({
  name: 'usr_preferences',
  aliases: ['user_preferences'],
  description: 'user preferences into user attributes',
  table: 'usr_preferences',
  columns: ['username', 'domain', 'attribute', 'value', 'type'],
  writes: [{ name: 'user_attrs', columns: ['uid', 'name', 'value', 'type', 'flags'] }],
  build(row, uid, emit) {
    emit('user_attrs', {
      uid,
      name: text(row.attribute),
      value: row.value ?? null,
      type: Number(row.type ?? 0),
      flags: DB_LOAD_SER | DB_FOR_SERWEB,
    });
  },
});
