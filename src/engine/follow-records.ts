// A platform's own tool may have moved a set ahead of voipdb's history (alembic run by hand, or
// a database alembic made): follow its version record, recording those steps as stamped, so the
// upgrade re-runs nothing. A record behind the history is left for `check` and `adopt`.

import { historyKey, isApplied } from './history.js';
import type { SetState } from './planner.js';
import { runStep, type RunContext } from './runner.js';

/** True when some set moved (the caller reads the states again). */
export async function followVersionRecords(ctx: RunContext, states: SetState[]): Promise<boolean> {
  let moved = false;
  for (const st of states) {
    for (const vr of st.set.versionRecords ?? []) {
      const recorded = await vr.read?.(ctx.conn, st.set);
      if (!recorded || recorded === st.current) continue;
      const at = st.ordered.index.get(recorded);
      const cur = st.current ? st.ordered.index.get(st.current)! : -1;
      if (at === undefined || at <= cur) continue;
      const message = `${st.set.name}: ${vr.name} is at ${recorded}, ahead of voipdb's history — following it (nothing re-run)`;
      ctx.events({ type: 'log', level: 'info', message });
      for (const rm of st.rendered.slice(cur + 1, at + 1)) {
        if (isApplied(st.rows.get(historyKey('versioned', rm.migration.version, rm.migration.script)))) continue;
        // The record is already there: write only voipdb's history row.
        const step = {
          set: st.set,
          migration: rm.migration,
          kind: 'versioned',
          direction: 'up',
          statements: [],
          checksum: rm.checksum,
          state: 'stamped',
          recordOnly: true,
          versionRecords: false,
        } as const;
        await runStep({ ...step, statements: [] }, ctx);
      }
      moved = true;
    }
  }
  return moved;
}
