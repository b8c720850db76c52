// Moving sets along their chains: upgrade (and its offline script, sql), downgrade, stamp, repair.

import { VoipdbError } from '../core/errors.js';
import type { DialectName } from '../db/url.js';
import { dialectNamed } from '../dialect/index.js';
import * as engine from '../engine/commands.js';
import type { RunResult } from '../engine/commands.js';
import { renderScript, type OfflineOptions, type OfflineScript } from '../engine/offline.js';
import { waitForReplicas, type ReplicaWait } from '../engine/replicas.js';
import { hookContext, packsOf, setWarnings, type SetsOptions } from './hooks.js';
import { chosenSets, type SetChoice } from './sets.js';
import { targetOf, withTarget, type TargetLike } from './target.js';

export type { InFlightChoice } from '../engine/resume.js';
export type { ReplicaWait };

export interface UpgradeOptions extends SetsOptions {
  /** head (default), a version, <set>@<version> or +N. */
  to?: string;
  /** Then wait this long for the streaming standbys to replay the upgrade (PostgreSQL), and report their lag. */
  waitReplicasMs?: number;
}

export interface UpgradeResult extends RunResult {
  /** The sets the upgrade was asked for. */
  setNames: string[];
  /** With waitReplicasMs: where the standbys stand (`caughtUp` false: still behind at the timeout). */
  replicas?: ReplicaWait;
}

/** Apply pending migrations (pre hooks, repeatables, post hooks), after the packs' own step. */
export async function upgrade(target: TargetLike | undefined, opts: UpgradeOptions = {}): Promise<UpgradeResult> {
  return withTarget(target, async (conn) => {
    const sets = await chosenSets(opts, conn);
    for (const message of setWarnings(sets)) opts.events?.({ type: 'log', level: 'warn', message });
    for (const p of await packsOf(sets, opts)) await p.beforeUpgrade?.(conn, sets, hookContext(opts));
    const r = await engine.upgrade(conn, sets, opts.to ?? 'head', opts);
    const replicas =
      opts.waitReplicasMs === undefined
        ? undefined
        : await waitForReplicas(conn, { timeoutMs: opts.waitReplicasMs, events: opts.events });
    return { ...r, setNames: sets.map((s) => s.name), ...(replicas ? { replicas } : {}) };
  });
}

/** Revert applied migrations down to `to`: base, a version, <set>@<version> or -N. */
export async function downgrade(
  target: TargetLike | undefined,
  to: string,
  opts: SetsOptions = {},
): Promise<RunResult> {
  return withTarget(target, async (conn) => engine.downgrade(conn, await chosenSets(opts, conn), to, opts));
}

/** Record the sets as being at `to` without running anything. */
export async function stamp(target: TargetLike | undefined, to: string, opts: SetsOptions = {}): Promise<RunResult> {
  return withTarget(target, async (conn) => engine.stamp(conn, await chosenSets(opts, conn), to, opts));
}

/** Accept edited applied scripts as they are now; undo retired revisions a set no longer has. */
export async function repair(target: TargetLike | undefined, opts: SetsOptions = {}): Promise<RunResult> {
  return withTarget(target, async (conn) => engine.repair(conn, await chosenSets(opts, conn), opts));
}

export interface SqlOptions extends SetChoice, OfflineOptions {
  /** The dialect to write for: postgresql, mysql, sqlite or a spelling of one (default: the target's). */
  dialect?: string;
}

export interface SqlResult extends OfflineScript {
  dialect: DialectName;
  /** The sets the script covers. */
  sets: string[];
}

/** The offline script of an upgrade (or, with direction 'down', a downgrade), without a connection. */
export async function sql(target: TargetLike | undefined, opts: SqlOptions = {}): Promise<SqlResult> {
  const dialect = opts.dialect ? dialectNamed(opts.dialect) : targetOf(target).dialect;
  if (!dialect)
    throw new VoipdbError('usage', `unknown dialect "${opts.dialect}"`, {
      hint: '--dialect postgresql | mysql | sqlite',
    });
  const sets = await chosenSets(opts);
  return { ...(await renderScript(sets, dialect, opts)), dialect, sets: sets.map((s) => s.name) };
}
