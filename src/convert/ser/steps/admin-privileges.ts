// admin_privileges -> user_attrs: serweb's privileges as user attributes. is_admin, acl_control and
// change_privileges are the ones SER 2.0's serweb knows; any other privilege cannot be converted.

import { RowError, type ConversionStep } from '../../types.js';
import { ATTR_INT, ATTR_STRING, DB_FOR_SERWEB } from '../flags.js';
import { text } from '../names.js';
import { userStep } from './user-step.js';

const truthy = (v: string) => (v === '' || v === '0' ? '0' : '1');

export const adminPrivilegesStep: ConversionStep = userStep({
  name: 'admin_privileges',
  description: 'serweb privileges into user attributes',
  table: 'admin_privileges',
  columns: ['username', 'domain', 'priv_name', 'priv_value'],
  writes: [{ name: 'user_attrs', columns: ['uid', 'name', 'value', 'type', 'flags'] }],
  build(row, uid, emit) {
    const name = text(row.priv_name);
    const value = text(row.priv_value);
    if (name === 'is_admin')
      emit('user_attrs', { uid, name: 'sw_is_admin', value: truthy(value), type: ATTR_INT, flags: DB_FOR_SERWEB });
    else if (name === 'change_privileges')
      emit('user_attrs', { uid, name: 'sw_is_hostmaster', value: truthy(value), type: ATTR_INT, flags: DB_FOR_SERWEB });
    else if (name === 'acl_control')
      emit('user_attrs', { uid, name: 'sw_acl_control', value, type: ATTR_STRING, flags: DB_FOR_SERWEB });
    else
      throw new RowError(
        `privilege "${name}" has no SER 2.0 attribute (is_admin, acl_control and change_privileges do)`,
      );
  },
});
