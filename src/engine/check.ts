// `check`: status, plus what the database itself says: the platform's version records and the
// live schema against what the applied migrations say it should be (drift).

import type { Connection } from '../db/connection.js';
import { status } from './index.js';
import type { Problem, SetState } from './planner.js';
import type { ScriptSet } from './types.js';

export interface CheckOptions {
  drift?: boolean;
}

export async function check(conn: Connection, sets: ScriptSet[], opts: CheckOptions = {}): Promise<SetState[]> {
  const states = await status(conn, sets);
  for (const st of states) {
    const extra: Problem[] = [];
    for (const vr of st.set.versionRecords ?? []) {
      for (const message of (await vr.verify?.(conn, st.set, st.current)) ?? []) {
        extra.push({ kind: 'version-record', set: st.set.name, message, hint: `voipdb upgrade --set ${st.set.name} rewrites the record, or fix the row by hand`, blocking: false });
      }
    }
    if (opts.drift !== false) extra.push(...(await driftProblems(conn, st)));
    if (extra.length) {
      st.problems.push(...extra);
      st.upToDate = false;
    }
  }
  return states;
}

/** Filled in by ./drift.ts once the schema toolkit's introspection and diff are available. */
async function driftProblems(_conn: Connection, _st: SetState): Promise<Problem[]> {
  return [];
}
