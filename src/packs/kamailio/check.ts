// Kamailio refuses to start when a module's `version` row is missing, duplicated or says another
// number than the module expects (srdb1/db.c: "invalid version ... for table ..."). voipdb knows
// what each row must say from the migrations applied, and names every row that disagrees.
// (`voipdb check` reaches the same messages through VersionTable.verify.)

import type { Connection } from '../../db/connection.js';
import type { ScriptSet } from '../../engine/types.js';
import { versionTableOf } from './version-table.js';

/**
 * One message per `version` row that disagrees with the schema of the given sets (Kamailio or
 * SER sets; others are ignored). `applied` gives each set's current version (from voipdb's
 * history; null: nothing applied); a set not in it is taken to be at its head.
 */
export async function checkVersionRows(
  conn: Connection,
  sets: readonly ScriptSet[],
  applied: Record<string, string | null | undefined> = {},
): Promise<string[]> {
  const problems: string[] = [];
  for (const set of sets) {
    const vt = versionTableOf(set);
    if (vt)
      problems.push(
        ...(await vt.verify(conn, set, applied[set.name])).map((p) => (typeof p === 'string' ? p : p.message)),
      );
  }
  return problems;
}
