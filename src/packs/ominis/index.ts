// The `ominis` pack: the Ominis Cluster Manager's database — FreeSWITCH's core and mod_callcenter
// sets (from the freeswitch pack, which it depends on) plus its own tables, seed rows and roles.

import type { Pack } from '../../engine/types.js';
import { callcenterSet, coreSet, freeswitchPack } from '../freeswitch/index.js';
import { ominisGrants } from './grants.js';
import { ominisPackTables, ominisTableGroups } from './groups.js';
import { ominisSet, ominisTables } from './schema.js';
import { formatOminisSummary, ominisSummary } from './summary.js';

export { ominisSet };

export const ominisPack: Pack = {
  name: 'ominis',
  description:
    'Ominis Cluster Manager: FreeSWITCH core + mod_callcenter, extensions, IVR, cdr, ACL (with seed rows) and its roles',
  // The FreeSWITCH sets are the same objects as the freeswitch pack's: one set, one name, one history.
  sets: () => [coreSet, callcenterSet, ominisSet],
  defaultSets: [coreSet.name, callcenterSet.name, ominisSet.name],
  tableGroups: ominisTableGroups,
  detect: freeswitchPack.detect,
  grants: ominisGrants,
  async summary(conn) {
    const s = await ominisSummary(conn);
    return { text: formatOminisSummary(s), data: s };
  },
};

export { ominisTables, ominisPackTables };
