// Kamailio refuses to start when a module's `version` row is missing, duplicated or says another
// number than the module expects (srdb1/db.c: "invalid version ... for table ..."). voipdb knows
// what each row must say from the migrations applied, and names every row that disagrees.

import type { Connection } from '../../db/connection.js';
import type { ScriptSet } from '../../engine/types.js';
import { readVersionRows, versionTableOf } from './version-table.js';

/**
 * One message per `version` row that disagrees with the schema of the given sets (Kamailio or
 * SER sets; others are ignored). `applied` gives each set's current version (from voipdb's
 * history); a set not in it is taken to be at its head.
 */
export async function checkVersionRows(conn: Connection, sets: readonly ScriptSet[], applied: Record<string, string | null | undefined> = {}): Promise<string[]> {
  const relevant = sets.map((s) => ({ set: s, vt: versionTableOf(s) })).filter((x) => x.vt);
  if (!relevant.length) return [];
  const rows = await readVersionRows(conn);
  const problems: string[] = [];
  for (const { set, vt } of relevant) {
    const at = set.name in applied ? applied[set.name] : undefined;
    if (at === null) continue; // nothing applied: no rows expected
    const expected = vt!.expected(set, at);
    if (!rows) {
      problems.push(`the version table is missing: set ${set.name} needs ${Object.keys(expected).length} rows in it (${vt!.platform} refuses to start)`);
      continue;
    }
    for (const [table, want] of Object.entries(expected)) {
      const who = `${vt!.platform}'s ${vt!.moduleOf(table) ?? 'module'}`;
      const got = rows.get(table);
      if (!got || got.length === 0) problems.push(`version row for "${table}" is missing, the schema is at ${want} (${who} refuses to start)`);
      else if (got.length > 1) problems.push(`version has ${got.length} rows for "${table}", the schema is at ${want} (${who} refuses to start)`);
      else if (got[0] !== want) problems.push(`version row for "${table}" says ${got[0] ?? 'NULL'}, the schema is at ${want} (${who} refuses to start)`);
    }
  }
  return problems;
}
