// The engine's public face: status, upgrade, downgrade, stamp, repair, history, heads and the
// offline script. The CLI is a thin front over these.

import { userInfo } from 'node:os';
import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import { beginRun, onAbort } from '../core/interrupt.js';
import type { Connection } from '../db/connection.js';
import type { Topology } from '../db/topology.js';
import type { DialectName } from '../db/url.js';
import { dialectOf, type Dialect } from '../dialect/index.js';
import { risksOf, risksWithRows, sqlTextRisks, type DataLossRisk } from './data-loss.js';
import { ensureHistory, historyKey, isApplied } from './history.js';
import { acquireRunLock, beginTransaction } from './lock.js';
import { DEFAULT_DDL_LOCK_TIMEOUT_MS, DEFAULT_DDL_TRIES, setSessionDdlTimeout } from './lock-retry.js';
import { guardWrites } from './topology-guard.js';
import { blockingProblems, planSet, type PlanOptions, type SetState } from './planner.js';
import { status } from './status.js';
import { renderBody, renderDown } from './render.js';
import { dropStatements, objectsCreatedBy } from './repeatables.js';
import { runStep, runSteps, type RunContext, type Step, type StepResult } from './runner.js';
import { checksum } from './checksum.js';
import { operationsFor } from '../schema/from-model.js';
import { renderOperations } from '../schema/render/index.js';
import { emptyModel } from '../schema/types.js';
import type { Migration, ScriptSet } from './types.js';
import { reconcileVersionRecords } from './reconcile.js';
import type { InFlightChoice } from './resume.js';

export type { Migration, ScriptSet, Pack, VersionRecord, MigrationBody, MigrationContext } from './types.js';
export type { SetState, Problem, PlanOptions } from './planner.js';
export type { StepResult } from './runner.js';
export type { HistoryRow } from './history.js';
export { renderSql } from './offline.js';
export { status, readSetHistory, readSetOptions } from './status.js';
export { waitForReplicas, type ReplicaWait } from './replicas.js';
export { runLockHolder } from './lease-lock.js';

/** What stands behind a connection: one server, a Galera node, a read-only standby, a pooler. */
export async function topologyOf(conn: Connection): Promise<Topology> {
  return dialectOf(conn.dialect).topology(conn);
}

export interface EngineOptions extends PlanOptions {
  events?: EventSink;
  /** How long to wait for another upgrade to finish (default 60 s). */
  lockTimeoutMs?: number;
  /** Longest one DDL statement waits for its table lock before giving way to writers (default 2 s; 0: no limit). */
  ddlLockTimeoutMs?: number;
  /** Tries per DDL statement on lock timeouts, with backoff (default 8). */
  ddlTries?: number;
  installedBy?: string;
  /** Migrations sharing one transaction where the dialect allows it (default 100; 1 = a transaction each). */
  batchSize?: number;
  /** Run steps that drop or narrow columns/tables holding rows. */
  allowDataLoss?: boolean;
  /** On an empty database, replay every migration instead of creating the head schema in one step. */
  replay?: boolean;
  /** Read where every set stands after an upgrade (default true): another history read, skipped when nobody looks. */
  closingStates?: boolean;
  /** A statement left in flight that the catalog cannot decide: it took effect (applied) or not (rerun). */
  inFlight?: InFlightChoice;
}

export interface RunResult {
  steps: StepResult[];
  /** Where every set stands afterwards (empty when an upgrade was asked for no closingStates). */
  states: SetState[];
}

function ctxOf(conn: Connection, opts: EngineOptions): RunContext {
  return {
    conn,
    dialect: dialectOf(conn.dialect),
    events: opts.events ?? silent,
    installedBy: (opts.installedBy ?? safeUser()).slice(0, 128),
    lockTimeoutMs: opts.lockTimeoutMs ?? 60_000,
    inFlight: opts.inFlight,
    ddlLockTimeoutMs: opts.ddlLockTimeoutMs ?? DEFAULT_DDL_LOCK_TIMEOUT_MS,
    ddlTries: opts.ddlTries ?? DEFAULT_DDL_TRIES,
  };
}

function safeUser(): string {
  try {
    return process.env.VOIPDB_INSTALLED_BY ?? userInfo().username;
  } catch {
    return 'voipdb';
  }
}

function optionsOf(set: ScriptSet): Record<string, unknown> {
  return set.options ?? {};
}

export function heads(sets: ScriptSet[]): { set: string; heads: string[] }[] {
  return sets.map((s) => ({ set: s.name, heads: planSet(s, 'postgres', undefined, optionsOf(s)).ordered.heads }));
}

interface Target {
  set?: string;
  /** Index in the set's ordered versioned list; -1 = base; undefined = head. */
  version?: string;
  relative?: number;
}

function parseTargetSpec(spec: string | undefined): Target {
  if (!spec || spec === 'head' || spec === 'heads') return {};
  const at = spec.lastIndexOf('@');
  const set = at > 0 ? spec.slice(0, at) : undefined;
  const v = at > 0 ? spec.slice(at + 1) : spec;
  if (/^[-+]\d+$/.test(v)) return { set, relative: Number(v) };
  return { set, version: v === 'head' ? undefined : v };
}

/** A target naming a set that is not among those chosen is a mistake, not a no-op. */
function knownTargetSet(t: Target, states: SetState[]): void {
  if (!t.set || states.some((st) => st.set.name === t.set)) return;
  const names = states.map((st) => st.set.name);
  throw new VoipdbError('not-found', `unknown set "${t.set}"`, {
    hint: names.length ? `the sets chosen here are: ${names.join(', ')} (name one as <set>@<version>)` : 'choose sets with --pack or --dir',
  });
}

/** The index each set should end at, for a target spec. */
function targetIndex(state: SetState, t: Target, sets: SetState[]): number | null {
  const last = state.ordered.versioned.length - 1;
  if (t.set && t.set !== state.set.name) return null; // another set: untouched
  if (t.relative !== undefined) {
    const cur = state.current ? state.ordered.index.get(state.current)! : -1;
    return Math.max(-1, Math.min(last, cur + t.relative));
  }
  if (t.version === undefined) return last;
  if (t.version === 'base') return -1;
  const matches = state.ordered.versioned.filter((m) => m.version === t.version || m.version.startsWith(t.version!));
  if (matches.length === 1) return state.ordered.index.get(matches[0]!.version)!;
  if (!t.set) {
    const owners = sets.filter((s) => s.ordered.versioned.some((m) => m.version === t.version || m.version.startsWith(t.version!)));
    if (owners.length === 0) throw new VoipdbError('not-found', `no set has a version "${t.version}"`, { hint: 'voipdb history, or voipdb status to see the versions' });
    if (owners.length > 1) throw new VoipdbError('usage', `version "${t.version}" is in several sets (${owners.map((o) => o.set.name).join(', ')})`, { hint: 'name the set: <set>@<version>' });
    return null;
  }
  throw new VoipdbError('not-found', `set ${state.set.name} has no version "${t.version}"`, { hint: `voipdb history --set ${state.set.name}` });
}

async function prepare(ctx: RunContext, sets: ScriptSet[]): Promise<void> {
  const { conn, dialect } = ctx;
  // SQLite takes its write lock per transaction: create the history inside one.
  if (dialect.lockPerTransaction) {
    await beginTransaction(conn, dialect, ctx.lockTimeoutMs, ctx.events);
    try {
      await ensureHistory(conn, dialect);
      await conn.exec(dialect.commit);
    } catch (e) {
      await conn.exec(dialect.rollback).catch(() => {});
      throw e;
    }
  } else {
    await ensureHistory(conn, dialect);
  }
  for (const set of sets) {
    for (const vr of set.versionRecords ?? []) {
      await vr.prepare?.(conn, set);
      for (const s of vr.ensure(dialect.name)) await conn.exec(s);
    }
  }
}

async function withLock<T>(conn: Connection, opts: EngineOptions, sets: ScriptSet[], fn: (ctx: RunContext) => Promise<T>, command = 'upgrade'): Promise<T> {
  const ctx = ctxOf(conn, opts);
  // A standby or an unsynced Galera node is refused before anything is written.
  ctx.topology = await guardWrites(conn, ctx.dialect, command, ctx.events);
  const release = await acquireRunLock(conn, ctx.dialect, ctx.lockTimeoutMs, ctx.events, ctx.topology);
  // The first Ctrl-C stops at the next statement boundary; a second one removes the lock file first.
  const endRun = beginRun();
  const forget = onAbort(() => void release());
  try {
    await setSessionDdlTimeout(ctx);
    await prepare(ctx, sets);
    return await fn(ctx);
  } finally {
    forget();
    endRun();
    await release();
  }
}

function stepFor(state: SetState, m: Migration, kind: Step['kind'], body: ReturnType<typeof renderBody>['body'], extra: Partial<Step> = {}): Step {
  return {
    set: state.set,
    migration: m,
    kind,
    direction: 'up',
    statements: body.statements,
    checksum: body.applies ? checksum(body.text) : null,
    state: 'applied',
    versionRecords: false,
    ...extra,
  };
}

/**
 * A set that has never run (or whose fresh install stopped part-way), going to head, whose
 * migrations are all operations (no SQL text or seed rows for this dialect): can its head schema
 * be created in one step? Where DDL is transactional the install and every history row commit
 * together; elsewhere the install records progress statement by statement and resumes.
 */
function freshInstallable(st: SetState, dialect: Dialect): boolean {
  const untouched = st.rows.size === 0 || (st.rows.size === 1 && !!st.partialInstall);
  if (!untouched || st.pending.length !== st.rendered.length || !st.rendered.length) return false;
  if (st.set.head) return headStatements(st, dialect) !== undefined;
  return st.rendered.every(
    (rm) =>
      rm.migration.transactional !== false &&
      (!rm.up.applies || (rm.modelled && (rm.up.ops ?? []).every((o) => o.op !== 'insertRows' && !(o.op === 'sql' && (typeof o.sql === 'string' || o.sql[dialect.name] !== undefined || o.sql.default !== undefined))))),
  );
}

/** Sets whose head schema can be installed directly: installable, and none of their tables there yet (unless a stopped install of ours made them). */
async function freshSets(conn: Connection, dialect: Dialect, states: SetState[], target: string | undefined, replay: boolean): Promise<Set<string>> {
  const out = new Set<string>();
  if (parseTargetSpec(target).version !== undefined || parseTargetSpec(target).relative !== undefined) return out;
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
    for (const t of tables) if (await dialect.tableExists(conn, t)) (clear = false);
    if (clear && tables.length) out.add(st.set.name);
  }
  return out;
}

function headStatements(st: SetState, dialect: Dialect): string[] | undefined {
  return st.set.head?.statements({ dialect: dialect.name, options: optionsOf(st.set) });
}

function freshInstallStep(st: SetState, dialect: Dialect): Step {
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

/** The steps an upgrade to `target` takes, in order. */
export function upgradeSteps(states: SetState[], target: string | undefined, dialect: Dialect, fresh: Set<string> = new Set()): Step[] {
  const t = parseTargetSpec(target);
  knownTargetSet(t, states);
  const steps: Step[] = [];
  for (const st of states) {
    const end = targetIndex(st, t, states);
    if (end === null) continue;
    const pending = st.pending.filter((rm) => st.ordered.index.get(rm.migration.version)! <= end);
    const repeatables = st.ordered.repeatables;
    // Hooks may drop what the repeatables made (oVirt's first pre-upgrade step drops every view): they come back.
    const recreate = repeatables.length > 0 && (pending.length > 0 || st.repeatablesChanged.length > 0 || st.hooksChanged.length > 0);
    // A changed re-entrant hook is work too: the hooks run, nothing else.
    if (pending.length === 0 && !recreate && st.hooksChanged.length === 0) continue;
    const model = st.rendered.at(-1)?.modelAfter ?? { tables: {}, indexes: {}, enums: {}, views: {}, triggers: {}, functions: {} };
    const options = optionsOf(st.set);
    const render = (m: Migration) => renderBody(m.up, dialect.name, model, st.set, { dialect: dialect.name, options }, m.sources ?? []).body;
    // A clean install's base files come first: the hooks may need what they create.
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
    for (const rm of pending.filter((p) => p.migration.kind === 'baseline')) steps.push(versionedStep(rm));
    for (const m of st.set.preUpgrade ?? []) steps.push(stepFor(st, m, 'pre', render(m)));
    const repeatableBodies = repeatables.map((m) => ({ m, body: render(m) })).filter((r) => r.body.applies);
    if (recreate) {
      // Only what an earlier upgrade created needs dropping.
      const created = repeatableBodies.filter((r) => st.rows.get(historyKey('repeatable', null, r.m.script)));
      const objects = created.flatMap((r) => objectsCreatedBy(r.body.statements));
      if (objects.length) {
        const drop: Migration = { version: 'repeatables', description: 'drop repeatable objects before the versioned steps', kind: 'repeatable', script: '(drop repeatables)', up: { sql: '' } };
        steps.push({ set: st.set, migration: drop, kind: 'drop-repeatables', direction: 'up', statements: dropStatements(dialect, objects), checksum: null, state: 'applied', versionRecords: false });
      }
    }
    if (fresh.has(st.set.name)) steps.push(freshInstallStep(st, dialect));
    else for (const rm of pending.filter((p) => p.migration.kind !== 'baseline')) steps.push(versionedStep(rm));
    if (recreate) for (const r of repeatableBodies) steps.push(stepFor(st, r.m, 'repeatable', r.body));
    for (const m of st.set.postUpgrade ?? []) steps.push(stepFor(st, m, 'post', render(m)));
  }
  return steps;
}

function refuseBlocking(states: SetState[], opts: PlanOptions): void {
  const blocking = blockingProblems(states, opts);
  if (blocking.length) {
    const p = blocking[0]!;
    const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more problem(s): voipdb check lists them)` : '';
    throw new VoipdbError('integrity', p.message + more, { where: `set ${p.set}`, hint: p.hint, problems: blocking });
  }
}

async function refuseDataLoss(ctx: RunContext, states: SetState[], steps: Step[], opts: EngineOptions): Promise<DataLossRisk[]> {
  const risks: DataLossRisk[] = [];
  const renderedOf = new Map(states.flatMap((st) => st.rendered.map((rm) => [rm.migration, { st, rm }] as const)));
  for (const step of steps) {
    if (step.kind !== 'versioned' || step.recordOnly) continue;
    const found = renderedOf.get(step.migration);
    if (!found) continue;
    const { st, rm } = found;
    // A down step is judged by its own operations, against the schema it starts from.
    if (step.direction === 'up') {
      risks.push(...risksOf(rm.up, rm.modelBefore));
      // SQL text has no model: its re-typed columns are judged against the live ones
      if (!rm.up.ops) risks.push(...(await sqlTextRisks(ctx.conn, rm.up.statements)));
    }
    else risks.push(...risksOf(renderDown(rm, st.set, ctx.dialect.name, optionsOf(st.set)), rm.modelAfter));
  }
  if (!risks.length) return [];
  const real = await risksWithRows(ctx.conn, ctx.dialect, risks);
  if (real.length && !opts.allowDataLoss) {
    throw new VoipdbError('data-loss', `the plan ${real[0]!.what}, which holds rows${real.length > 1 ? ` (and ${real.length - 1} more such step(s))` : ''}`, {
      hint: 'take a backup first (voipdb backup), then run again with --allow-data-loss',
      risks: real,
    });
  }
  return real;
}

/** A plan that takes a set into a later release series of its platform says so before it runs. */
function warnReleaseJumps(ctx: RunContext, states: SetState[], steps: Step[]): void {
  for (const st of states) {
    const rel = st.set.releases;
    if (!rel || !st.current) continue;
    const from = rel.firstShipped[st.current];
    const to = Math.max(...steps.filter((s) => s.set === st.set && s.kind === 'versioned').map((s) => rel.firstShipped[s.migration.version] ?? -1));
    if (from === undefined || !(to > from)) continue;
    ctx.events({
      type: 'log',
      level: 'warn',
      message: `${st.set.name}: this plan jumps from the ${rel.platform} ${from} release series to ${to}; ${rel.platform}'s own documentation warns that data loss is possible across release series — take a backup first (voipdb backup)`,
    });
  }
}

async function persistOptions(ctx: RunContext, sets: ScriptSet[]): Promise<void> {
  for (const s of sets) {
    if (!s.options || Object.keys(s.options).length === 0) continue;
    const json = JSON.stringify(s.options);
    await ctx.conn.execute('DELETE FROM voipdb_set_options WHERE set_name = ?', [s.name]);
    await ctx.conn.execute('INSERT INTO voipdb_set_options (set_name, options) VALUES (?, ?)', [s.name, json]);
  }
}

/**
 * A platform's own tool may have moved a set ahead of voipdb's history (alembic run by hand, or a
 * database alembic made): follow its version record, recording those steps as stamped, so the
 * upgrade re-runs nothing. A record behind the history is left for `check` and `adopt`.
 */
async function followVersionRecords(ctx: RunContext, states: SetState[]): Promise<boolean> {
  let moved = false;
  for (const st of states) {
    for (const vr of st.set.versionRecords ?? []) {
      const recorded = await vr.read?.(ctx.conn, st.set);
      if (!recorded || recorded === st.current) continue;
      const at = st.ordered.index.get(recorded);
      const cur = st.current ? st.ordered.index.get(st.current)! : -1;
      if (at === undefined || at <= cur) continue;
      ctx.events({ type: 'log', level: 'info', message: `${st.set.name}: ${vr.name} is at ${recorded}, ahead of voipdb's history — following it (nothing re-run)` });
      for (const rm of st.rendered.slice(cur + 1, at + 1)) {
        if (isApplied(st.rows.get(historyKey('versioned', rm.migration.version, rm.migration.script)))) continue;
        // The record is already there: write only voipdb's history row.
        await runStep({ set: st.set, migration: rm.migration, kind: 'versioned', direction: 'up', statements: [], checksum: rm.checksum, state: 'stamped', recordOnly: true, versionRecords: false }, ctx);
      }
      moved = true;
    }
  }
  return moved;
}

/**
 * Undo the retired migrations the history records as applied (a revision voipdb once shipped and no
 * platform release has): their down body runs, the version records move back to their parent and
 * the history says `reverted`. Returns the steps run.
 */
async function undoRetired(ctx: RunContext, states: SetState[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const st of states) {
    for (const m of [...(st.set.retired ?? [])].reverse()) {
      const row = st.rows.get(historyKey('versioned', m.version, m.script));
      if (!isApplied(row)) continue;
      const model = st.rendered.at(-1)?.modelAfter ?? emptyModel();
      const ctxOfSet = { dialect: ctx.dialect.name, options: optionsOf(st.set) };
      const body = renderBody(m.down, ctx.dialect.name, model, st.set, ctxOfSet).body;
      const back = m.parent ?? 'base';
      ctx.events({ type: 'log', level: 'info', message: `${st.set.name}: undoing ${m.script}, which no release has (back to ${back})` });
      const step: Step = {
        set: st.set,
        migration: m,
        kind: 'versioned',
        direction: 'down',
        statements: body.statements,
        checksum: row!.checksum,
        state: 'reverted',
        versionRecords: true,
        recordOnly: !body.applies,
      };
      results.push(await runStep(step, ctx));
    }
  }
  return results;
}

export async function upgrade(conn: Connection, sets: ScriptSet[], target?: string, opts: EngineOptions = {}): Promise<RunResult> {
  return withLock(conn, opts, sets, async (ctx) => {
    let states = await status(conn, sets);
    const undone = await undoRetired(ctx, states);
    if (undone.length) states = await status(conn, sets);
    if (await followVersionRecords(ctx, states)) states = await status(conn, sets);
    await reconcileVersionRecords(ctx, states);
    refuseBlocking(states, opts);
    const fresh = await freshSets(conn, ctx.dialect, states, target, !!opts.replay);
    const steps = upgradeSteps(states, target, ctx.dialect, fresh);
    await refuseDataLoss(ctx, states, steps, opts);
    warnReleaseJumps(ctx, states, steps);
    if (steps.length) await persistOptions(ctx, sets);
    const results = [...undone, ...(await runSteps(steps, ctx, opts.batchSize))];
    return { steps: results, states: opts.closingStates === false ? [] : await status(conn, sets) };
  });
}

export async function downgrade(conn: Connection, sets: ScriptSet[], target: string, opts: EngineOptions = {}): Promise<RunResult> {
  if (!target) throw new VoipdbError('usage', 'downgrade needs a target', { hint: 'voipdb downgrade <version> | base | -1' });
  return withLock(conn, opts, sets, async (ctx) => {
    const states = await status(conn, sets);
    const t = parseTargetSpec(target);
    knownTargetSet(t, states);
    const steps: Step[] = [];
    for (const st of [...states].reverse()) {
      const end = targetIndex(st, t, states);
      if (end === null) continue;
      const applied = st.rendered.filter((rm, i) => i > end && isApplied(st.rows.get(historyKey('versioned', rm.migration.version, rm.migration.script))));
      for (const rm of applied.reverse()) {
        if (!rm.migration.down && rm.up.applies) {
          throw new VoipdbError('refused', `${rm.migration.script} has no down migration`, { where: `set ${st.set.name}`, hint: `restore from a backup, or voipdb stamp ${st.set.name}@${rm.migration.version} to move the record only` });
        }
        const body = renderDown(rm, st.set, ctx.dialect.name, optionsOf(st.set));
        steps.push({ set: st.set, migration: rm.migration, kind: 'versioned', direction: 'down', statements: body.statements, checksum: rm.checksum, state: 'reverted', versionRecords: true, recordOnly: !rm.up.applies });
      }
    }
    await refuseDataLoss(ctx, states, steps, opts);
    const results: StepResult[] = [];
    for (const step of steps) results.push(await runStep(step, ctx));
    return { steps: results, states: await status(conn, sets) };
  }, 'downgrade');
}

/** Move the record to `target` without running anything (alembic stamp). */
export async function stamp(conn: Connection, sets: ScriptSet[], target: string, opts: EngineOptions = {}): Promise<RunResult> {
  return withLock(conn, opts, sets, async (ctx) => {
    const states = await status(conn, sets);
    const t = parseTargetSpec(target);
    knownTargetSet(t, states);
    const steps: Step[] = [];
    for (const st of states) {
      const end = targetIndex(st, t, states);
      if (end === null) continue;
      st.rendered.forEach((rm, i) => {
        const applied = isApplied(st.rows.get(historyKey('versioned', rm.migration.version, rm.migration.script)));
        if (i <= end && !applied) steps.push({ set: st.set, migration: rm.migration, kind: 'versioned', direction: 'up', statements: [], checksum: rm.checksum, state: 'stamped', recordOnly: true, versionRecords: true });
      });
      const down = st.rendered.filter((rm, i) => i > end && isApplied(st.rows.get(historyKey('versioned', rm.migration.version, rm.migration.script))));
      // A stamp is a stamp: nothing was reverted, the record moved down past these.
      for (const rm of down.reverse()) steps.push({ set: st.set, migration: rm.migration, kind: 'versioned', direction: 'down', statements: [], checksum: rm.checksum, state: 'unstamped', recordOnly: true, versionRecords: true });
    }
    const results: StepResult[] = [];
    for (const step of steps) results.push(await runStep(step, ctx));
    return { steps: results, states: await status(conn, sets) };
  }, 'stamp');
}

/** Accept edited scripts as they are now (a new history row with the current checksum), and put platform version records that disagree back in line. */
export async function repair(conn: Connection, sets: ScriptSet[], opts: EngineOptions = {}): Promise<RunResult> {
  return withLock(conn, opts, sets, async (ctx) => {
    let states = await status(conn, sets);
    const undone = await undoRetired(ctx, states);
    if (undone.length) states = await status(conn, sets);
    for (const st of states) {
      for (const vr of st.set.versionRecords ?? []) {
        if (!vr.rewrite || !vr.verify || !(await vr.verify(conn, st.set, st.current)).length) continue;
        const statements = vr.rewrite(st.set, st.current);
        const transactional = ctx.dialect.transactionalDDL;
        await conn.exec([...(transactional ? [ctx.dialect.begin] : []), ...statements, ...(transactional ? [ctx.dialect.commit] : [])].join(';\n'));
        ctx.events({ type: 'log', level: 'info', message: `${st.set.name}: ${vr.name} rewritten for version ${st.current}` });
      }
    }
    const steps: Step[] = [];
    for (const st of states) {
      for (const p of st.problems.filter((p) => p.kind === 'edited')) {
        const rm = st.rendered.find((r) => r.migration.version === p.version)!;
        steps.push({ set: st.set, migration: rm.migration, kind: 'versioned', direction: 'up', statements: [], checksum: rm.checksum, state: 'applied', recordOnly: true, versionRecords: false });
      }
    }
    const results: StepResult[] = [...undone];
    for (const step of steps) results.push(await runStep(step, ctx));
    return { steps: results, states: await status(conn, sets) };
  }, 'repair');
}

export type { DialectName };
