// The fresh-install choice: a set that has never run, going to head, whose migrations are all
// operations, is installed as its head schema in one step (recording every migration), instead
// of replaying each migration. `upgrade` and `voipdb sql` make the same choice.

import type { Dialect } from '../dialect/index.js';
import { isPinned, parseDestination } from './destination.js';
import { operationsFor } from '../schema/from-model.js';
import { renderOperations } from '../schema/render/index.js';
import { emptyModel } from '../schema/types.js';
import { checksum } from './checksum.js';
import type { SetState } from './planner.js';
import type { Step } from './runner.js';

/**
 * Can the set's head schema be created in one step? Where DDL is transactional the install and
 * every history row commit together; elsewhere the install records progress statement by
 * statement and resumes. Never for SQL text or seed rows for this dialect.
 */
export function freshInstallable(st: SetState, dialect: Dialect): boolean {
  const untouched = st.rows.size === 0 || (st.rows.size === 1 && !!st.partialInstall);
  if (!untouched || st.pending.length !== st.rendered.length || !st.rendered.length) return false;
  if (st.set.head) return headStatements(st, dialect) !== undefined;
  const textFor = (o: { op: string; sql?: unknown }): boolean => {
    if (o.op !== 'sql') return false;
    const sql = o.sql as string | Record<string, string | undefined>;
    return typeof sql === 'string' || sql[dialect.name] !== undefined || sql.default !== undefined;
  };
  return st.rendered.every(
    (rm) =>
      rm.migration.transactional !== false &&
      (!rm.up.applies || (rm.modelled && (rm.up.ops ?? []).every((o) => o.op !== 'insertRows' && !textFor(o)))),
  );
}

/**
 * Sets whose head schema is installed directly: installable, and none of their tables there yet
 * (unless a stopped install of ours made them). `tableExists` is the database's answer online;
 * offline the script is for an empty database.
 */
export async function freshSets(
  states: SetState[],
  dialect: Dialect,
  destination: string | undefined,
  replay: boolean,
  tableExists: (table: string) => Promise<boolean>,
): Promise<Set<string>> {
  const out = new Set<string>();
  // Only a run to every set's head installs the head schema.
  if (isPinned(parseDestination(destination))) return out;
  for (const st of states) {
    if (!freshInstallable(st, dialect)) continue;
    // A stopped install resumes whatever was asked: replaying would trip over the tables it made.
    if (st.partialInstall) {
      out.add(st.set.name);
      continue;
    }
    if (replay) continue;
    const tables = st.set.head?.tables ?? Object.keys(st.rendered.at(-1)!.modelAfter.tables);
    let clear = true;
    for (const t of tables) if (await tableExists(t)) clear = false;
    if (clear && tables.length) out.add(st.set.name);
  }
  return out;
}

/** A set's own head install (the platform's installer), for this dialect. */
function headStatements(st: SetState, dialect: Dialect): string[] | undefined {
  return st.set.head?.statements({ dialect: dialect.name, options: st.set.options ?? {} });
}

/** The step that creates the set's head schema and records each migration as applied. */
export function freshInstallStep(st: SetState, dialect: Dialect): Step {
  const head = st.rendered.at(-1)!;
  const given = headStatements(st, dialect);
  const statements = given
    ? given.map((sql) => ({ sql, transactional: true }))
    : renderOperations(dialect.name, operationsFor(head.modelAfter), emptyModel()).statements;
  return {
    set: st.set,
    migration: head.migration,
    kind: 'versioned',
    direction: 'up',
    statements,
    checksum: given ? checksum(given.join(';\n')) : head.checksum,
    state: 'applied',
    versionRecords: true,
    records: st.rendered.map((rm) => ({ migration: rm.migration, checksum: rm.checksum })),
    resume: st.partialInstall,
  };
}
