// Drift: the live schema against what the applied migrations of each set say it should be.
// Only sets written as operations can say it (SQL text is not modelled).

import type { Connection } from '../db/connection.js';
import { diffModels, type Difference } from '../schema/diff.js';
import { introspect } from '../schema/introspect/index.js';
import { emptyModel, type Model } from '../schema/types.js';
import type { SetState } from './planner.js';

/** The model a set's applied migrations build, or undefined when a step is not modelled. */
export function expectedModelOf(st: SetState): Model | undefined {
  if (!st.current) return undefined;
  const upTo = st.ordered.index.get(st.current)!;
  const steps = st.rendered.slice(0, upTo + 1);
  if (!steps.every((r) => r.modelled || !r.up.applies)) return undefined;
  return steps.at(-1)!.modelAfter;
}

function merge(models: Model[]): Model {
  const m = emptyModel();
  for (const x of models) {
    Object.assign(m.tables, x.tables);
    // MySQL index names are per table: two sets may each have a callid_idx (acc's, ims_charging's).
    for (const [k, i] of Object.entries(x.indexes))
      m.indexes[m.indexes[k] && m.indexes[k]!.table !== i.table ? `${i.table}.${i.name}` : k] = i;
    Object.assign(m.enums, x.enums);
    Object.assign(m.views, x.views);
    Object.assign(m.triggers, x.triggers);
    Object.assign(m.functions, x.functions);
  }
  return m;
}

// Extras nobody's model claims may belong to the admin or to an SQL set: not this set's drift.
const UNOWNED = new Set(['extra-table', 'extra-enum', 'extra-view']);

/** Per set: differences between what the sets together say and what is there, each given to the set that owns the object. */
export async function driftBySet(
  conn: Connection,
  states: SetState[],
  actual?: Model,
): Promise<Map<string, Difference[]>> {
  const out = new Map<string, Difference[]>();
  const modelled = states
    .map((st) => [st, expectedModelOf(st)] as const)
    .filter((x): x is readonly [SetState, Model] => !!x[1]);
  if (!modelled.length) return out;
  const live = actual ?? (await introspect(conn));
  const expected = merge(modelled.map(([, m]) => m));
  for (const d of diffModels(expected, live, conn.dialect)) {
    if (UNOWNED.has(d.kind)) continue;
    const index = expected.indexes[d.object] ?? live.indexes[d.object];
    const table = index?.table ?? d.object.split('.')[0]!;
    const owner =
      modelled.find(([, m]) => index && m.indexes[d.object]) ??
      modelled.find(([, m]) => m.tables[table]) ??
      modelled.find(([, m]) => m.enums[d.object] || m.views[d.object] || m.triggers[d.object]);
    if (!owner) continue;
    const name = owner[0].set.name;
    out.set(name, [...(out.get(name) ?? []), d]);
  }
  return out;
}

/** The whole database against every set together, extras included (`voipdb diff`). */
export async function driftOfDatabase(
  conn: Connection,
  states: SetState[],
): Promise<{ differences: Difference[]; unmodelled: string[] }> {
  const models = states.map(expectedModelOf);
  const unmodelled = states.filter((_, i) => !models[i] && states[i]!.current).map((s) => s.set.name);
  const expected = merge(models.filter((m): m is Model => !!m));
  const live = await introspect(conn);
  // The sets' own version records (alembic_version_<set>) are kept by voipdb, not drift.
  const records = new Set(states.flatMap((st) => (st.set.versionRecords ?? []).map((vr) => vr.name)));
  const differences = diffModels(expected, live, conn.dialect).filter(
    (d) => !(d.kind === 'extra-table' && records.has(d.object)),
  );
  return { differences, unmodelled };
}
