// One target of a fleet run: open it, run the command on its sets, close it, and describe the
// outcome. A failure here is this target's result, never the fleet's: the others go on.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, isVoipdbError, VoipdbError } from '../../core/errors.js';
import { connect } from '../../db/connect.js';
import { check } from '../../engine/check.js';
import { upgrade, type EngineOptions } from '../../engine/index.js';
import { renderSql } from '../../engine/offline.js';
import type { SetState } from '../../engine/planner.js';
import { status } from '../../engine/status.js';
import type { ScriptSet } from '../../engine/types.js';
import { resolveSets } from '../../packs/choose-sets.js';
import type { FleetTarget } from './targets.js';
import type { FleetCommand, SetPosition, TargetResult } from './types.js';

export interface JobOptions {
  /** upgrade and sql: head (default), <version>, <set>@<version>, +N. */
  to?: string;
  engine?: Pick<
    EngineOptions,
    'allowDataLoss' | 'outOfOrder' | 'ignoreChecksums' | 'ignoreMissing' | 'lockTimeoutMs' | 'replay'
  >;
  /** check: compare the live schema too (default true). */
  drift?: boolean;
  /** sql: where each target's script is written. */
  outputDir?: string;
}

/**
 * Sets are built once per distinct choice of packs and directories and shared by every target
 * that makes it: a thousand tenants on one pack plan against one rendered chain.
 */
export class SetCache {
  private readonly cache = new Map<string, Promise<ScriptSet[]>>();

  for(t: FleetTarget): Promise<ScriptSet[]> {
    const key = JSON.stringify([t.packs, t.dirs]);
    let sets = this.cache.get(key);
    if (!sets) this.cache.set(key, (sets = build(t)));
    return sets;
  }
}

/** The target's sets, resolved as every command resolves them; a set an inventory names must exist. */
async function build(t: FleetTarget): Promise<ScriptSet[]> {
  const sets = await resolveSets({ dirs: t.dirs, packs: t.packs }, undefined, { strict: true });
  if (!sets.length) {
    throw new VoipdbError('usage', 'no script sets chosen for this target', {
      hint: 'give --pack <name> or "packs" in the inventory',
    });
  }
  return sets;
}

function positions(states: SetState[]): SetPosition[] {
  return states.map((s) => ({ set: s.set.name, current: s.current, head: s.head, pending: s.pending.length }));
}

export async function runJob(
  command: FleetCommand,
  t: FleetTarget,
  cache: SetCache,
  opts: JobOptions,
): Promise<TargetResult> {
  const started = performance.now();
  const base = { name: t.name, group: t.group, url: t.target.display };
  const done = (r: Omit<TargetResult, 'name' | 'group' | 'url' | 'durationMs'>): TargetResult => ({
    ...base,
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const sets = await cache.for(t);
    if (command === 'sql') {
      const script = await renderSql(sets, t.target.dialect, { to: opts.to });
      const dir = opts.outputDir ?? '.';
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${t.name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+/, '')}.sql`);
      writeFileSync(file, script);
      return done({ ok: true, outcome: 'rendered', exitCode: ExitCode.ok, sets: [], file });
    }
    const conn = await connect(t.target);
    try {
      if (command === 'upgrade') {
        const r = await upgrade(conn, sets, opts.to ?? 'head', { ...opts.engine });
        const applied = r.steps.filter((s) => s.state !== 'skipped-by-other').length;
        const outcome = applied ? 'upgraded' : 'up-to-date';
        return done({ ok: true, outcome, exitCode: ExitCode.ok, applied, sets: positions(r.states) });
      }
      if (command === 'check') {
        const states = await check(conn, sets, { drift: opts.drift !== false });
        const ok = states.every((s) => s.upToDate);
        const problem = states.flatMap((s) => s.problems)[0];
        const behind = states.find((s) => s.pending.length);
        const message = ok
          ? undefined
          : problem
            ? `${problem.set}: ${problem.message}`
            : `${behind?.set.name}: ${behind?.pending.length} pending step(s)`;
        return done({
          ok,
          outcome: ok ? 'up-to-date' : 'not-up-to-date',
          exitCode: ok ? ExitCode.ok : ExitCode.notUpToDate,
          message,
          hint: ok ? undefined : (problem?.hint ?? 'voipdb fleet upgrade'),
          sets: positions(states),
        });
      }
      const states = await status(conn, sets);
      return done({ ok: true, outcome: 'read', exitCode: ExitCode.ok, sets: positions(states) });
    } finally {
      await conn.close();
    }
  } catch (e) {
    const err = isVoipdbError(e)
      ? e
      : new VoipdbError('internal', String((e as Error)?.message ?? e).split('\n')[0]!, { cause: e });
    return done({
      ok: false,
      outcome: 'failed',
      exitCode: err.exitCode,
      message: err.where ? `${err.where}: ${err.message}` : err.message,
      hint: err.hint,
      sets: [],
    });
  }
}
