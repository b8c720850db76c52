// `check`: status, plus what the database itself says: the platform's version records and the
// live schema against what the applied migrations say it should be (drift).

import type { Connection } from '../db/connection.js';
import { driftBySet } from './drift.js';
import { status } from './index.js';
import type { Problem, SetState } from './planner.js';
import type { ScriptSet } from './types.js';

export interface CheckOptions {
  drift?: boolean;
}

export async function check(conn: Connection, sets: ScriptSet[], opts: CheckOptions = {}): Promise<SetState[]> {
  const states = await status(conn, sets);
  const drift = opts.drift === false ? new Map() : await driftBySet(conn, states);
  for (const st of states) {
    const extra: Problem[] = [];
    for (const vr of st.set.versionRecords ?? []) {
      for (const message of (await vr.verify?.(conn, st.set, st.current)) ?? []) {
        extra.push({ kind: 'version-record', set: st.set.name, message, hint: `voipdb repair --set ${st.set.name} rewrites the record`, blocking: false });
      }
    }
    for (const d of drift.get(st.set.name) ?? []) {
      extra.push({ kind: 'drift', set: st.set.name, message: d.message, hint: 'voipdb diff shows every difference; put it back by hand, or write a migration that makes it so', blocking: false });
    }
    if (extra.length) {
      st.problems.push(...extra);
      st.upToDate = false;
    }
  }
  return states;
}

