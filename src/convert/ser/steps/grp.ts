// grp -> user_attrs: group membership as "acl" user attributes.

import type { ConversionStep } from '../../types.js';
import { ATTR_STRING, DB_FOR_SERWEB, DB_LOAD_SER } from '../flags.js';
import { text } from '../names.js';
import { userStep } from './user-step.js';

export const grpStep: ConversionStep = userStep({
  name: 'grp',
  description: 'group membership into acl user attributes',
  table: 'grp',
  columns: ['username', 'domain', 'grp'],
  writes: [{ name: 'user_attrs', columns: ['uid', 'name', 'value', 'type', 'flags'] }],
  build(row, uid, emit) {
    emit('user_attrs', {
      uid,
      name: 'acl',
      value: text(row.grp),
      type: ATTR_STRING,
      flags: DB_LOAD_SER | DB_FOR_SERWEB,
    });
  },
});
