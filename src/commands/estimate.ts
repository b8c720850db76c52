// estimate: what the pending plan costs on this database.

import { estimate as estimateOf, pendingSteps, type Estimate, type EstimateOptions } from '../ops/estimate.js';
import { chosenSets, type SetChoice } from './sets.js';
import { withTarget, type TargetLike } from './target.js';

export type { Estimate, EstimateOptions };
export type { Prediction } from '../ops/estimate.js';

/** Cost of the pending plan from row counts and measured per-row rates (one entry per pending step). */
export async function estimate(
  target: TargetLike | undefined,
  opts: SetChoice & EstimateOptions = {},
): Promise<Estimate> {
  return withTarget(target, async (conn) =>
    estimateOf(conn, await pendingSteps(conn, await chosenSets(opts, conn)), opts),
  );
}
