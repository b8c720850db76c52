// What stops a run before anything is written: blocking problems (edited, missing, out-of-order
// scripts...) and steps that would lose rows.

import { VoipdbError } from '../core/errors.js';
import { risksOf, risksWithRows, sqlTextRisks, type DataLossRisk } from './data-loss.js';
import { blockingProblems, type PlanOptions, type SetState } from './planner.js';
import { renderDown } from './render.js';
import type { RunContext, Step } from './runner.js';
import type { DialectName } from '../db/url.js';
import type { ScriptSet } from './types.js';

const BACKENDS: Record<DialectName, string> = {
  postgres: 'PostgreSQL (postgresql:// or pglite:)',
  mysql: 'MySQL/MariaDB (mysql://)',
  sqlite: 'SQLite (sqlite:)',
};

/** A set that cannot be built on this back-end says so before anything runs, naming those it can. */
export function refuseUnsupportedDialect(sets: ScriptSet[], dialect: DialectName): void {
  for (const s of sets) {
    if (!s.dialects || s.dialects.only.includes(dialect)) continue;
    throw new VoipdbError(
      'usage',
      `set ${s.name} cannot be built on ${BACKENDS[dialect].split(' (')[0]}: ${s.dialects.why}`,
      {
        hint: `use ${s.dialects.only.map((d) => BACKENDS[d]).join(' or ')} for it`,
      },
    );
  }
}

export function refuseBlocking(states: SetState[], opts: PlanOptions): void {
  const blocking = blockingProblems(states, opts);
  if (!blocking.length) return;
  const p = blocking[0]!;
  const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more problem(s): voipdb check lists them)` : '';
  throw new VoipdbError('integrity', p.message + more, { where: `set ${p.set}`, hint: p.hint, problems: blocking });
}

/** Refuse steps that drop or narrow what holds rows, unless allowed; offline nothing is known of rows. */
export async function refuseDataLoss(
  ctx: RunContext,
  states: SetState[],
  steps: Step[],
  allowDataLoss: boolean,
): Promise<DataLossRisk[]> {
  if (ctx.script) return [];
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
    } else risks.push(...risksOf(renderDown(rm, st.set, ctx.dialect.name, st.set.options ?? {}), rm.modelAfter));
  }
  if (!risks.length) return [];
  const real = await risksWithRows(ctx.conn, ctx.dialect, risks);
  if (real.length && !allowDataLoss) {
    const more = real.length > 1 ? ` (and ${real.length - 1} more such step(s))` : '';
    throw new VoipdbError('data-loss', `the plan ${real[0]!.what}, which holds rows${more}`, {
      hint: 'take a backup first (voipdb backup -f <file>), then run again with --allow-data-loss',
      risks: real,
    });
  }
  return real;
}
