// adopt: take over a database a platform's own tooling made (alembic, kamdbctl, oVirt, XiVO's
// legacy scripts): each pack detects where its sets stand, voipdb records it and runs nothing.

import { VoipdbError } from '../core/errors.js';
import * as engine from '../engine/commands.js';
import type { EngineOptions } from '../engine/commands.js';
import type { SetState } from '../engine/planner.js';
import type { Detected, ScriptSet } from '../engine/types.js';
import { loadPack } from '../packs/index.js';
import { withTarget, type TargetLike } from './target.js';

export type { Detected };

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
