// Where the sets stand, read only: check, status, history, heads, diff.

import { check as checkSets } from '../engine/check.js';
import * as engine from '../engine/commands.js';
import { driftOfDatabase } from '../engine/drift.js';
import type { HistoryRow } from '../engine/history.js';
import { runLockHolder } from '../engine/lease-lock.js';
import type { SetState } from '../engine/planner.js';
import { readSetHistory, status as statusOf } from '../engine/status.js';
import type { PackCheck } from '../engine/types.js';
import { hookContext, packsOf, setWarnings, type SetsOptions } from './hooks.js';
import { chosenSets, type SetChoice } from './sets.js';
import { withTarget, type TargetLike } from './target.js';

const readOnly = { readOnly: true };

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
  return withTarget(
    target,
    async (conn) => {
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
    },
    readOnly,
  );
}

export interface StatusResult {
  sets: SetState[];
  /** Who holds the run lock when an upgrade is running now (elsewhere, through another Galera node). */
  lockHolder?: string;
}

/** Where each set stands: current, head, pending; and an upgrade running now. */
export async function status(target: TargetLike | undefined, opts: SetChoice = {}): Promise<StatusResult> {
  return withTarget(
    target,
    async (conn) => {
      const sets = await statusOf(conn, await chosenSets(opts, conn));
      const lock = await runLockHolder(conn);
      return { sets, ...(lock ? { lockHolder: lock } : {}) };
    },
    readOnly,
  );
}

/** voipdb's history rows, oldest first: of some sets, the last `limit`. */
export async function history(
  target: TargetLike | undefined,
  opts: { sets?: string[]; limit?: number } = {},
): Promise<HistoryRow[]> {
  return withTarget(
    target,
    async (conn) => {
      let rows = await readSetHistory(conn);
      if (opts.sets?.length)
        rows = rows.filter((r) => opts.sets!.some((s) => r.set_name === s || r.set_name.endsWith('/' + s)));
      return opts.limit ? rows.slice(-opts.limit) : rows;
    },
    readOnly,
  );
}

/** Each set's heads (more than one: the chain forks). No database. */
export async function heads(opts: SetChoice): Promise<{ set: string; heads: string[] }[]> {
  return engine.heads(await chosenSets(opts));
}

/** How the database differs from what its applied migrations say. */
export async function diff(target: TargetLike | undefined, opts: SetChoice = {}) {
  return withTarget(
    target,
    async (conn) => driftOfDatabase(conn, await statusOf(conn, await chosenSets(opts, conn))),
    readOnly,
  );
}
