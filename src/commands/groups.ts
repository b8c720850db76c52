// Which table groups a command on data means: the packs named (or those the database records),
// the admin's own (voipdb.json "groups"), `name=t1,t2` specs given on the command line.

import type { Connection } from '../db/connection.js';
import { readSetHistory } from '../engine/status.js';
import type { TableGroups } from '../engine/types.js';
import { loadGroupSettings, type GroupSettings } from '../ops/table-groups.js';
import { packOfSet } from '../packs/index.js';

export interface GroupChoice {
  packs?: string[];
  groups?: TableGroups;
  groupSpecs?: string[];
}

export async function groupSettings(choice: GroupChoice, conn?: Connection): Promise<GroupSettings> {
  const names = [...(choice.packs ?? [])];
  if (!names.length && conn) {
    for (const r of await readSetHistory(conn).catch(() => [])) {
      const p = packOfSet(r.set_name);
      if (p) names.push(p);
    }
  }
  return loadGroupSettings(names, choice.groups, choice.groupSpecs ?? []);
}
