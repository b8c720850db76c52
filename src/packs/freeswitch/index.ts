// The `freeswitch` pack: FreeSWITCH's core database and mod_callcenter's tables, as FreeSWITCH
// itself creates them, on PostgreSQL, MySQL/MariaDB and SQLite (FreeSWITCH's default core database).

import type { Connection } from '../../db/connection.js';
import type { Pack, ScriptSet } from '../../engine/types.js';
import { callcenterProbes, callcenterSet, callcenterTables } from './callcenter.js';
import { coreProbes, coreSet, coreTables } from './core.js';

export { coreSet, callcenterSet };

/**
 * The probes that fail on this database. Read-only: FreeSWITCH's `delete ... where reg_user=''`
 * probe is asked as a count.
 */
export async function failingProbes(
  conn: Connection,
  probes: string[] = [...coreProbes, ...callcenterProbes],
): Promise<string[]> {
  const failed: string[] = [];
  for (const probe of probes) {
    const sql = probe.replace(/^delete from (\w+) where/i, 'select count(*) from $1 where');
    await conn.query(sql).catch(() => failed.push(probe));
  }
  return failed;
}

async function anyTable(conn: Connection, tables: string[]): Promise<boolean> {
  for (const table of tables) {
    try {
      await conn.query(`select count(*) from ${table} where 1 = 0`);
      return true;
    } catch {
      // absent: try the next one
    }
  }
  return false;
}

const sets: [ScriptSet, string[], string[]][] = [
  [coreSet, coreTables, coreProbes],
  [callcenterSet, callcenterTables, callcenterProbes],
];

export const freeswitchPack: Pack = {
  name: 'freeswitch',
  description:
    'FreeSWITCH core database (channels, calls, registrations, ...) and mod_callcenter (agents, tiers, members)',
  sets: () => sets.map(([set]) => set),
  defaultSets: sets.map(([set]) => set.name),
  tableGroups: {
    // FreeSWITCH rewrites these while it runs: never worth replicating or restoring.
    realtime_state: coreTables,
    callcenter: callcenterTables,
  },
  // A database FreeSWITCH made itself passes FreeSWITCH's own probes: that is its version 0001.
  async detect(conn) {
    const found: { set: string; version: string | null }[] = [];
    for (const [set, tables, probes] of sets) {
      if (!(await anyTable(conn, tables))) continue;
      found.push({ set: set.name, version: (await failingProbes(conn, probes)).length === 0 ? '0001' : null });
    }
    return found.length ? found : undefined;
  },
};
