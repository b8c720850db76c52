// Every command of the CLI as a library function: a target (URL, Target or Connection) and
// options in, a result object out. The CLI's command files turn argv into these calls and the
// results into text or JSON; a program calls them the same way (README "Library").

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { check as checkSets } from '../engine/check.js';
import * as engine from '../engine/commands.js';
import type { EngineOptions, RunResult } from '../engine/commands.js';
import { driftOfDatabase } from '../engine/drift.js';
import type { HistoryRow } from '../engine/history.js';
import { renderScript, type OfflineOptions, type OfflineScript } from '../engine/offline.js';
import type { SetState } from '../engine/planner.js';
import { readSetHistory, status as statusOf } from '../engine/status.js';
import type { Detected, Pack, PackCheck, PackHookContext, ScriptSet } from '../engine/types.js';
import { nextFileName } from '../engine/next-file.js';
import { unmatchedWarning } from '../engine/sources.js';
import { loadPack, packNames, packOfSet } from '../packs/index.js';
import { tableSizes, type TableSize } from '../schema/introspect/table-sizes.js';
import { merge as mergeDatabases } from '../ops/merge.js';
import { chosenSets, type SetChoice } from './sets.js';
import { targetOf, withTarget, type TargetLike } from './target.js';

export { resolveSets, requireSets, type SetChoice } from './sets.js';
export { withTarget, targetOf, type TargetLike } from './target.js';

/** Options every command on sets takes: which sets, how to run. */
export type SetsOptions = SetChoice & EngineOptions & { packSettings?: Record<string, unknown> };

function hookContext(opts: SetsOptions): PackHookContext {
  return { settings: opts.packSettings ?? {}, events: opts.events ?? silent, fold: mergeDatabases };
}

/** The packs whose sets are chosen (and XiVO's when its legacy settings are given). */
async function packsOf(sets: ScriptSet[], opts: SetsOptions): Promise<Pack[]> {
  const names = new Set(sets.map((s) => packOfSet(s.name)).filter((p): p is string => !!p));
  if (opts.packSettings?.legacyStateDir) names.add('xivo');
  return Promise.all([...names].map((n) => loadPack(n)));
}

export interface UpgradeOptions extends SetsOptions {
  /** head (default), a version, <set>@<version> or +N. */
  to?: string;
}

/** Directory files no naming convention matched: they are not run, and the user is told. */
function setWarnings(sets: ScriptSet[]): string[] {
  return sets.map(unmatchedWarning).filter((w): w is string => !!w);
}

/** Apply pending migrations (pre hooks, repeatables, post hooks), after the packs' own step. */
export async function upgrade(target: TargetLike | undefined, opts: UpgradeOptions = {}): Promise<RunResult> {
  return withTarget(target, async (conn) => {
    const sets = await chosenSets(opts, conn);
    for (const message of setWarnings(sets)) opts.events?.({ type: 'log', level: 'warn', message });
    for (const p of await packsOf(sets, opts)) await p.beforeUpgrade?.(conn, sets, hookContext(opts));
    return engine.upgrade(conn, sets, opts.to ?? 'head', opts);
  });
}

export async function downgrade(
  target: TargetLike | undefined,
  to: string,
  opts: SetsOptions = {},
): Promise<RunResult> {
  return withTarget(target, async (conn) => engine.downgrade(conn, await chosenSets(opts, conn), to, opts));
}

export async function stamp(target: TargetLike | undefined, to: string, opts: SetsOptions = {}): Promise<RunResult> {
  return withTarget(target, async (conn) => engine.stamp(conn, await chosenSets(opts, conn), to, opts));
}

export async function repair(target: TargetLike | undefined, opts: SetsOptions = {}): Promise<RunResult> {
  return withTarget(target, async (conn) => engine.repair(conn, await chosenSets(opts, conn), opts));
}

export interface CheckResult {
  ok: boolean;
  sets: SetState[];
  /** What packs add (XiVO's legacy scripts). */
  packs: (PackCheck & { pack: string })[];
  /** What is not wrong but not run either: directory files no naming convention matched. */
  warnings: string[];
}

/** Per set: up to date, or what is pending and wrong; `ok` only when all are. */
export async function check(
  target: TargetLike | undefined,
  opts: SetsOptions & { drift?: boolean } = {},
): Promise<CheckResult> {
  return withTarget(target, async (conn) => {
    const sets = await chosenSets(opts, conn);
    const packs: CheckResult['packs'] = [];
    for (const p of await packsOf(sets, opts)) {
      const c = await p.check?.(conn, sets, hookContext(opts));
      if (c) packs.push({ pack: p.name, ...c });
    }
    const states = await checkSets(conn, sets, { drift: opts.drift !== false });
    return {
      ok: packs.every((p) => p.ok) && states.every((s) => s.upToDate),
      sets: states,
      packs,
      warnings: setWarnings(sets),
    };
  });
}

export async function status(target: TargetLike | undefined, opts: SetChoice = {}): Promise<SetState[]> {
  return withTarget(target, async (conn) => statusOf(conn, await chosenSets(opts, conn)));
}

/** voipdb's history rows, oldest first: of some sets, the last `limit`. */
export async function history(
  target: TargetLike | undefined,
  opts: { sets?: string[]; limit?: number } = {},
): Promise<HistoryRow[]> {
  return withTarget(target, async (conn) => {
    let rows = await readSetHistory(conn);
    if (opts.sets?.length)
      rows = rows.filter((r) => opts.sets!.some((s) => r.set_name === s || r.set_name.endsWith('/' + s)));
    return opts.limit ? rows.slice(-opts.limit) : rows;
  });
}

/** Each set's heads (more than one: the chain forks). No database. */
export async function heads(opts: SetChoice): Promise<{ set: string; heads: string[] }[]> {
  return engine.heads(await chosenSets(opts));
}

export interface SqlOptions extends SetChoice, OfflineOptions {
  /** The dialect to write for (default: the target's). */
  dialect?: DialectName;
}

/** The offline script of an upgrade (or, with direction 'down', a downgrade), without a connection. */
export async function sql(target: TargetLike | undefined, opts: SqlOptions = {}): Promise<OfflineScript> {
  const dialect = opts.dialect ?? targetOf(target).dialect;
  return renderScript(await chosenSets(opts), dialect, opts);
}

export interface NewOptions {
  /** The directory set (its upgrade/ folder when it has one). */
  dir: string;
  description: string;
}

/** A new migration file in a directory set, named by that set's convention. */
export function newMigration(opts: NewOptions): { created: string } {
  const dir = existsSync(join(opts.dir, 'upgrade')) ? join(opts.dir, 'upgrade') : opts.dir;
  if (!existsSync(dir))
    throw new VoipdbError('not-found', `directory ${dir} does not exist`, { hint: `mkdir -p ${dir}` });
  const name = nextFileName(readdirSync(dir), opts.description);
  const file = join(dir, name);
  const d = JSON.stringify(opts.description);
  const js = `export const description = ${d};\n\nexport function up(op) {\n}\n\nexport function down(op) {\n}\n`;
  writeFileSync(file, name.endsWith('.js') ? js : `-- ${opts.description}\n`, { flag: 'wx' });
  return { created: file };
}
export { newMigration as new };

/** How the database differs from what its applied migrations say. */
export async function diff(target: TargetLike | undefined, opts: SetChoice = {}) {
  return withTarget(target, async (conn) => driftOfDatabase(conn, await statusOf(conn, await chosenSets(opts, conn))));
}

export interface AdoptResult {
  adopted: Detected[];
  /** Sets found only in part, or with version rows that disagree: not adopted. */
  unclear: Detected[];
  sets: SetState[];
}

/** Take over a database a platform's own tooling made: detect each set's version, record it, run nothing. */
export async function adopt(
  target: TargetLike | undefined,
  opts: { packs: string[] } & EngineOptions,
): Promise<AdoptResult> {
  if (!opts.packs.length)
    throw new VoipdbError('usage', 'adopt needs a pack', { hint: 'voipdb adopt --pack kamailio --url ...' });
  return withTarget(target, async (conn) => {
    const found: Detected[] = [];
    const sets: ScriptSet[] = [];
    for (const name of opts.packs) {
      const pack = await loadPack(name);
      const detected = await pack.detect?.(conn);
      if (!detected) {
        throw new VoipdbError('refused', `this database does not look like one made by ${name}'s own tooling`, {
          where: conn.target.display,
          hint: `voipdb diff --pack ${name} shows how it differs`,
        });
      }
      found.push(...detected);
      // The sets as found (e.g. Kamailio's groups), whatever else was chosen.
      const options: Record<string, unknown> = {};
      for (const d of detected) {
        for (const [k, v] of Object.entries(d.options ?? {})) {
          options[k] = Array.isArray(v) ? [...((options[k] as unknown[]) ?? []), ...v] : v;
        }
      }
      for (const s of await pack.sets(options))
        sets.push(Object.assign(s, { options: { ...(s.options ?? {}), ...options } }));
    }
    const states: SetState[] = [];
    for (const f of found) {
      const set = sets.filter((s) => s.name === f.set);
      if (set.length && f.version) states.push(...(await engine.stamp(conn, set, f.version, opts)).states);
    }
    return { adopted: found, unclear: found.filter((f) => !f.version), sets: states };
  });
}

export interface InitResult extends RunResult {
  /** Packs' own summaries (Ominis's migrate.py), when they have one. */
  summaries: { pack: string; text: string; data: unknown }[];
  /** Every table and its size, when no pack summarises. */
  tables?: { tables: TableSize[]; totalBytes: number; totalSize: string };
}

/** Apply every chosen set to head, then summarise what is there. */
export async function init(target: TargetLike | undefined, opts: UpgradeOptions = {}): Promise<InitResult> {
  return withTarget(target, async (conn) => {
    const sets = await chosenSets(opts, conn);
    for (const message of setWarnings(sets)) opts.events?.({ type: 'log', level: 'warn', message });
    const r = await engine.upgrade(conn, sets, 'head', opts);
    const summaries = await packSummaries(
      conn,
      r.states.map((s) => s.set),
    );
    const tables = summaries.length ? undefined : await tableSizes(conn);
    return { ...r, summaries, tables };
  });
}

async function packSummaries(conn: Connection, sets: ScriptSet[]): Promise<InitResult['summaries']> {
  const out: InitResult['summaries'] = [];
  for (const name of new Set(sets.map((s) => packOfSet(s.name)).filter((p): p is string => !!p))) {
    const pack = await loadPack(name);
    if (pack.summary) out.push({ pack: name, ...(await pack.summary(conn)) });
  }
  return out;
}

export interface PackInfo {
  name: string;
  description: string;
  sets: string[];
  tableGroups: string[];
}

/** The packs voipdb ships, with their sets and table groups. */
export async function packs(): Promise<PackInfo[]> {
  const list: PackInfo[] = [];
  for (const name of packNames()) {
    const p = await loadPack(name);
    // A pack whose sets need an option (ovirt: its dbscripts directory) lists its default names.
    const sets = await (async () => p.sets({}))().then(
      (s) => s.map((x) => x.name),
      () => p.defaultSets ?? [],
    );
    list.push({ name, description: p.description, sets, tableGroups: Object.keys(p.tableGroups ?? {}) });
  }
  return list;
}

export type { EventSink, SetState, RunResult, EngineOptions, OfflineScript };

export {
  backup,
  convert,
  doctor,
  estimate,
  grants,
  groupSettings,
  merge,
  odbc,
  online,
  prune,
  replicate,
  restore,
  squash,
  type GroupChoice,
  type OnlineRequest,
} from './operations.js';
