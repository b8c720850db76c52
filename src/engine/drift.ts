// Drift: the live schema against what the applied migrations of each set say it should be.
// Sets written as operations say it by their model; for sets of SQL text, what no model claims is
// compared with the schema recorded after their last upgrade (./schema-record.ts).

import type { Connection } from '../db/connection.js';
import { dialectOf } from '../dialect/index.js';
import { diffModels, type Difference } from '../schema/diff.js';
import { introspect } from '../schema/introspect/index.js';
import { emptyModel, type Model } from '../schema/types.js';
import type { SetState } from './planner.js';
import { readSchemaRecord, writeSchemaRecord, type SchemaRecord } from './schema-record.js';

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

/** The part of `live` no model in `claimed` owns: tables, their indexes and triggers, enums, views, functions. */
export function unclaimed(live: Model, claimed: Model): Model {
  const pick = <T>(xs: Record<string, T>, free: (k: string, x: T) => boolean) =>
    Object.fromEntries(Object.entries(xs).filter(([k, x]) => free(k, x)));
  const freeTable = (t: string) => !claimed.tables[t];
  return {
    tables: pick(live.tables, (k) => freeTable(k)),
    indexes: pick(live.indexes, (k, i) => freeTable(i.table) && !claimed.indexes[k]),
    enums: pick(live.enums, (k) => !claimed.enums[k]),
    views: pick(live.views, (k) => !claimed.views[k]),
    triggers: pick(live.triggers, (k, t) => freeTable(t.table) && !claimed.triggers[k]),
    functions: pick(live.functions, (k) => !claimed.functions[k]),
  };
}

/** Sets applied as SQL text: no model says what they built. */
function unmodelledSets(states: SetState[]): string[] {
  return states.filter((st) => st.current && !expectedModelOf(st)).map((st) => st.set.name);
}

/** What the models claim, with what the schema record holds beside it. */
function expectation(models: Model[], record: SchemaRecord | undefined): { claimed: Model; expected: Model } {
  const claimed = merge(models);
  return { claimed, expected: record ? merge([unclaimed(record.model, claimed), claimed]) : claimed };
}

/**
 * After an upgrade or downgrade: record what no model claims, for the sets of SQL text, when one
 * of them ran a step or the record does not cover them yet. Nothing to record without such sets.
 */
export async function recordSchema(conn: Connection, states: SetState[], ran: Set<string>): Promise<boolean> {
  const sets = unmodelledSets(states);
  if (!sets.length) return false;
  const d = dialectOf(conn.dialect);
  const record = await readSchemaRecord(conn, d);
  const covered = record && sets.every((s) => record.sets.includes(s)) && !sets.some((s) => ran.has(s));
  if (covered) return false;
  const models = states.map(expectedModelOf).filter((m): m is Model => !!m);
  await writeSchemaRecord(conn, d, sets, unclaimed(await introspect(conn), merge(models)));
  return true;
}

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
  const record = await readSchemaRecord(conn, dialectOf(conn.dialect));
  const recorded = record ? unmodelledSets(states).filter((s) => record.sets.includes(s)) : [];
  if (!modelled.length && !recorded.length) return out;
  const live = actual ?? (await introspect(conn));
  const { claimed, expected } = expectation(
    modelled.map(([, m]) => m),
    recorded.length ? record : undefined,
  );
  for (const d of diffModels(expected, live, conn.dialect)) {
    const index = expected.indexes[d.object] ?? live.indexes[d.object];
    const table = index?.table ?? d.object.split('.')[0]!;
    const owner =
      modelled.find(([, m]) => index && m.indexes[d.object]) ??
      modelled.find(([, m]) => m.tables[table]) ??
      modelled.find(([, m]) => m.enums[d.object] || m.views[d.object] || m.triggers[d.object]);
    // What no model claims is the recorded sets' (the first of them names it); extras too, since
    // the record says what was there after their last upgrade.
    const name = owner
      ? UNOWNED.has(d.kind)
        ? undefined
        : owner[0].set.name
      : recorded.length && !claimed.tables[table]
        ? recorded[0]
        : undefined;
    if (!name) continue;
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
  const record = await readSchemaRecord(conn, dialectOf(conn.dialect));
  // Sets of SQL text the record does not cover: their tables show as extra.
  const unmodelled = unmodelledSets(states).filter((s) => !record?.sets.includes(s));
  const { expected } = expectation(
    models.filter((m): m is Model => !!m),
    record,
  );
  const live = await introspect(conn);
  // The sets' own version records (alembic_version_<set>) are kept by voipdb, not drift.
  const records = new Set(states.flatMap((st) => (st.set.versionRecords ?? []).map((vr) => vr.table ?? vr.name)));
  const differences = diffModels(expected, live, conn.dialect).filter(
    (d) => !(d.kind === 'extra-table' && records.has(d.object)),
  );
  return { differences, unmodelled };
}
