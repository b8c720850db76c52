// cpl -> cpl: call-processing scripts, copied as they are, keyed by UID instead of user name.

import type { ConversionStep } from '../../types.js';
import { userStep } from './user-step.js';

export const cplStep: ConversionStep = userStep({
  name: 'cpl',
  description: 'CPL scripts, keyed by UID',
  table: 'cpl',
  columns: ['user', 'username', 'domain', 'cpl_xml', 'cpl_bin'],
  writes: [{ name: 'cpl', columns: ['uid', 'cpl_xml', 'cpl_bin'] }],
  build(row, uid, emit) {
    emit('cpl', { uid, cpl_xml: row.cpl_xml ?? null, cpl_bin: row.cpl_bin ?? null });
  },
});
