// `check`: status, plus what the database itself says: the platform's version records and the
// live schema against what the applied migrations say it should be (drift).

import type { Connection } from '../db/connection.js';
import type { Problem, SetState } from './planner.js';
import { status } from './status.js';
import type { ScriptSet } from './types.js';

export interface CheckOptions {
  drift?: boolean;
}

export async function check(conn: Connection, sets: ScriptSet[], opts: CheckOptions = {}): Promise<SetState[]> {
  const states = await status(conn, sets);
  // Only sets written as operations have a model to compare: SQL-only runs skip loading the schema toolkit.
  const modelled = states.some((st) => st.rendered.some((r) => r.modelled));
  const drift = opts.drift === false || !modelled ? new Map() : await (await import('./drift.js')).driftBySet(conn, states);
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

