// The steps a command takes, in order, from where each set stands: the plan the runner executes
// online and writes offline.

import { VoipdbError } from '../core/errors.js';
import type { EventSink } from '../core/events.js';
import type { Dialect } from '../dialect/index.js';
import { checksum } from './checksum.js';
import { destinationIndex, knownDestinationSet, parseDestination } from './destination.js';
import { freshInstallStep } from './fresh-install.js';
import { historyKey, isApplied } from './history.js';
import type { SetState } from './planner.js';
import { renderBody, renderDown } from './render.js';
import { dropStatements, objectsCreatedBy } from './repeatables.js';
import type { Step } from './runner.js';
import type { Migration } from './types.js';

type Body = ReturnType<typeof renderBody>['body'];

function hookStep(state: SetState, m: Migration, kind: Step['kind'], body: Body): Step {
  // A stopped attempt (killed mid-way where DDL commits by itself) leaves its row: this run takes it over.
  const row = state.rows.get(historyKey(kind, null, m.script));
  return {
    takesOver: row && (row.state === 'running' || row.state === 'failed') ? row.id : undefined,
    set: state.set,
    migration: m,
    kind,
    direction: 'up',
    statements: body.statements,
    checksum: body.applies ? checksum(body.text) : null,
    state: 'applied',
    versionRecords: false,
  };
}

const applied = (st: SetState, m: Migration) => isApplied(st.rows.get(historyKey('versioned', m.version, m.script)));

/** The steps an upgrade to `destination` takes, in order. `fresh`: sets installed as their head schema. */
export function upgradeSteps(
  states: SetState[],
  destination: string | undefined,
  dialect: Dialect,
  fresh: Set<string> = new Set(),
): Step[] {
  const d = parseDestination(destination);
  knownDestinationSet(d, states);
  const steps: Step[] = [];
  for (const st of states) {
    const end = destinationIndex(st, d, states);
    if (end === null) continue;
    const pending = st.pending.filter((rm) => st.ordered.index.get(rm.migration.version)! <= end);
    const repeatables = st.ordered.repeatables;
    // Hooks may drop what the repeatables made (oVirt's first pre-upgrade step drops every view): they come back.
    const changed = pending.length > 0 || st.repeatablesChanged.length > 0 || st.hooksChanged.length > 0;
    const recreate = repeatables.length > 0 && changed;
    // A changed re-entrant hook is work too: the hooks run, nothing else.
    if (pending.length === 0 && !recreate && st.hooksChanged.length === 0) continue;
    const model = st.rendered.at(-1)?.modelAfter ?? {
      tables: {},
      indexes: {},
      enums: {},
      views: {},
      triggers: {},
      functions: {},
    };
    const options = st.set.options ?? {};
    const render = (m: Migration) =>
      renderBody(m.up, dialect.name, model, st.set, { dialect: dialect.name, options }, m.sources ?? []).body;
    const versionedStep = (rm: (typeof pending)[number]): Step => {
      const installedAs = st.alreadyInstalled.get(rm.migration.version);
      return {
        set: st.set,
        migration: rm.migration,
        kind: 'versioned',
        direction: 'up',
        statements: rm.up.statements,
        checksum: rm.checksum,
        state: installedAs ? 'skipped' : rm.up.applies ? 'applied' : 'skipped',
        recordOnly: !!installedAs || !rm.up.applies,
        resume: st.partial?.rendered === rm ? st.partial.row : undefined,
        versionRecords: true,
      };
    };
    // A clean install's base files come first: the hooks may need what they create.
    for (const rm of pending.filter((p) => p.migration.kind === 'baseline')) steps.push(versionedStep(rm));
    for (const m of st.set.preUpgrade ?? []) steps.push(hookStep(st, m, 'pre', render(m)));
    const repeatableBodies = repeatables.map((m) => ({ m, body: render(m) })).filter((r) => r.body.applies);
    if (recreate) {
      // Only what an earlier upgrade created needs dropping.
      const created = repeatableBodies.filter((r) => st.rows.get(historyKey('repeatable', null, r.m.script)));
      const objects = created.flatMap((r) => objectsCreatedBy(r.body.statements));
      if (objects.length) {
        const drop: Migration = {
          version: 'repeatables',
          description: 'drop repeatable objects before the versioned steps',
          kind: 'repeatable',
          script: '(drop repeatables)',
          up: { sql: '' },
        };
        steps.push({
          set: st.set,
          migration: drop,
          kind: 'drop-repeatables',
          direction: 'up',
          statements: dropStatements(dialect, objects),
          checksum: null,
          state: 'applied',
          versionRecords: false,
        });
      }
    }
    if (fresh.has(st.set.name)) steps.push(freshInstallStep(st, dialect));
    else for (const rm of pending.filter((p) => p.migration.kind !== 'baseline')) steps.push(versionedStep(rm));
    if (recreate) for (const r of repeatableBodies) steps.push(hookStep(st, r.m, 'repeatable', r.body));
    for (const m of st.set.postUpgrade ?? []) steps.push(hookStep(st, m, 'post', render(m)));
  }
  return steps;
}

/** The steps a downgrade to `destination` takes: applied migrations above it, newest first, sets in reverse. */
export function downgradeSteps(states: SetState[], destination: string, dialect: Dialect): Step[] {
  const d = parseDestination(destination);
  knownDestinationSet(d, states);
  const steps: Step[] = [];
  for (const st of [...states].reverse()) {
    const end = destinationIndex(st, d, states);
    if (end === null) continue;
    const above = st.rendered.filter((rm, i) => i > end && applied(st, rm.migration));
    for (const rm of above.reverse()) {
      if (!rm.migration.down && rm.up.applies) {
        // Stamping below the step (at the one before it) moves the record past it; at it, nothing moves.
        const below = st.rendered[st.rendered.indexOf(rm) - 1]?.migration.version ?? 'base';
        throw new VoipdbError('refused', `${rm.migration.script} has no down migration`, {
          where: `set ${st.set.name}`,
          hint: `restore from a backup, or voipdb stamp ${st.set.name}@${below} to move the record only (its schema stays)`,
        });
      }
      const body = renderDown(rm, st.set, dialect.name, st.set.options ?? {});
      steps.push({
        set: st.set,
        migration: rm.migration,
        kind: 'versioned',
        direction: 'down',
        statements: body.statements,
        checksum: rm.checksum,
        state: 'reverted',
        versionRecords: true,
        recordOnly: !rm.up.applies,
      });
    }
  }
  return steps;
}

/** Records moved to `destination` without running anything (alembic stamp). */
export function stampSteps(states: SetState[], destination: string): Step[] {
  const d = parseDestination(destination);
  knownDestinationSet(d, states);
  const steps: Step[] = [];
  for (const st of states) {
    const end = destinationIndex(st, d, states);
    if (end === null) continue;
    const record =
      (direction: Step['direction'], state: Step['state']) =>
      (rm: (typeof st.rendered)[number]): Step => ({
        set: st.set,
        migration: rm.migration,
        kind: 'versioned',
        direction,
        statements: [],
        checksum: rm.checksum,
        state,
        recordOnly: true,
        versionRecords: true,
      });
    st.rendered.forEach((rm, i) => {
      if (i <= end && !applied(st, rm.migration)) steps.push(record('up', 'stamped')(rm));
    });
    const down = st.rendered.filter((rm, i) => i > end && applied(st, rm.migration));
    // A stamp is a stamp: nothing was reverted, the record moved down past these.
    steps.push(...down.reverse().map(record('down', 'unstamped')));
  }
  return steps;
}

/** Edited scripts accepted as they are now: a new history row each with the current checksum. */
export function repairSteps(states: SetState[]): Step[] {
  const steps: Step[] = [];
  for (const st of states) {
    for (const p of st.problems.filter((p) => p.kind === 'edited')) {
      const rm = st.rendered.find((r) => r.migration.version === p.version)!;
      steps.push({
        set: st.set,
        migration: rm.migration,
        kind: 'versioned',
        direction: 'up',
        statements: [],
        checksum: rm.checksum,
        state: 'applied',
        recordOnly: true,
        versionRecords: false,
      });
    }
  }
  return steps;
}

/** A plan that takes a set into a later release series of its platform says so before it runs. */
export function warnReleaseJumps(ctx: { events: EventSink }, states: SetState[], steps: Step[]): void {
  for (const st of states) {
    const rel = st.set.releases;
    if (!rel || !st.current) continue;
    const from = rel.firstShipped[st.current];
    const reached = steps
      .filter((s) => s.set === st.set && s.kind === 'versioned')
      .map((s) => rel.firstShipped[s.migration.version] ?? -1);
    const to = Math.max(...reached);
    if (from === undefined || !(to > from)) continue;
    ctx.events({
      type: 'log',
      level: 'warn',
      message:
        `${st.set.name}: this plan jumps from the ${rel.platform} ${from} release series to ${to}; ` +
        `${rel.platform}'s own documentation warns that data loss is possible across release series — take a backup first (voipdb backup -f <file>)`,
    });
  }
}
