// `check`: status, plus what the database itself says: the platform's version records and the
// live schema against what the applied migrations say it should be (drift).

import type { Connection } from '../db/connection.js';
import type { Problem, SetState } from './planner.js';
import { status } from './status.js';
import type { ScriptSet } from './types.js';

export interface CheckOptions {
  drift?: boolean;
}

/**
 * Where a platform's version record is ahead of voipdb's history (a database its own tool made, or
 * upgraded by hand), read the set from the record, as `upgrade` follows it: the steps up to it count
 * as applied, nothing is pending for them.
 */
async function followRecords(conn: Connection, states: SetState[]): Promise<void> {
  for (const st of states) {
    for (const vr of st.set.versionRecords ?? []) {
      const recorded = await vr.read?.(conn, st.set);
      const at = recorded === undefined ? undefined : st.ordered.index.get(recorded);
      const cur = st.current ? st.ordered.index.get(st.current)! : -1;
      if (at === undefined || at <= cur) continue;
      st.current = recorded!;
      st.applied += st.pending.filter((rm) => st.ordered.index.get(rm.migration.version)! <= at).length;
      st.pending = st.pending.filter((rm) => st.ordered.index.get(rm.migration.version)! > at);
      st.upToDate = st.pending.length === 0 && st.repeatablesChanged.length === 0 && st.problems.length === 0;
    }
  }
}

export async function check(conn: Connection, sets: ScriptSet[], opts: CheckOptions = {}): Promise<SetState[]> {
  const states = await status(conn, sets);
  await followRecords(conn, states);
  // Sets written as operations have a model to compare, sets of SQL text the schema recorded after
  // their last upgrade; with neither applied, check skips loading the schema toolkit.
  const modelled = states.some((st) => st.current && st.rendered.length);
  const drift =
    opts.drift === false || !modelled ? new Map() : await (await import('./drift.js')).driftBySet(conn, states);
  for (const st of states) {
    const extra: Problem[] = [];
    for (const vr of st.set.versionRecords ?? []) {
      for (const p of (await vr.verify?.(conn, st.set, st.current)) ?? []) {
        const { message, hint } =
          typeof p === 'string'
            ? {
                message: p,
                // repair fixes a record only where the pack can rewrite it; else record what diff shows.
                hint: vr.rewrite
                  ? `voipdb repair --set ${st.set.name} rewrites the record`
                  : `voipdb diff shows where the schema stands; voipdb stamp ${st.set.name}@<that version> records it`,
              }
            : p;
        extra.push({ kind: 'version-record', set: st.set.name, message, hint, blocking: false });
      }
    }
    for (const d of drift.get(st.set.name) ?? []) {
      extra.push({
        kind: 'drift',
        set: st.set.name,
        message: d.message,
        hint: 'voipdb diff shows every difference; put it back by hand, or write a migration that makes it so',
        blocking: false,
      });
    }
    if (extra.length) {
      st.problems.push(...extra);
      st.upToDate = false;
    }
  }
  return states;
}
