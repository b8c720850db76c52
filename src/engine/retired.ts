// Retired migrations: a revision voipdb once shipped and no platform release has. Where the
// history records one as applied, its down body runs, the version records move back to its
// parent and the history says `reverted` (before `upgrade` and `repair` do anything else).

import { emptyModel } from '../schema/types.js';
import { historyKey, isApplied } from './history.js';
import type { SetState } from './planner.js';
import { renderBody } from './render.js';
import { runStep, type RunContext, type Step, type StepResult } from './runner.js';

/** Undo the retired migrations the history records as applied; returns the steps run. */
export async function undoRetired(ctx: RunContext, states: SetState[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const st of states) {
    for (const m of [...(st.set.retired ?? [])].reverse()) {
      const row = st.rows.get(historyKey('versioned', m.version, m.script));
      if (!isApplied(row)) continue;
      const model = st.rendered.at(-1)?.modelAfter ?? emptyModel();
      const options = st.set.options ?? {};
      const body = renderBody(m.down, ctx.dialect.name, model, st.set, { dialect: ctx.dialect.name, options }).body;
      const message = `${st.set.name}: undoing ${m.script}, which no release has (back to ${m.parent ?? 'base'})`;
      ctx.events({ type: 'log', level: 'info', message });
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
