// merge: fold one database into another (pg-merge-db).

import {
  merge as mergeOf,
  mergeConflicts,
  type MergeObject,
  type MergeOptions,
  type MergeResult,
} from '../ops/merge.js';
import { withTarget, type TargetLike } from './target.js';

export type { MergeObject, MergeResult };

/** Fold `from` into `into`; `checkOnly`: list what stands in the way (objects in both), move nothing. */
export async function merge(
  into: TargetLike,
  from: TargetLike,
  opts: MergeOptions & { checkOnly: true },
): Promise<{ conflicts: MergeObject[] }>;
export async function merge(
  into: TargetLike,
  from: TargetLike,
  opts?: MergeOptions & { checkOnly?: false },
): Promise<MergeResult>;
export async function merge(
  into: TargetLike,
  from: TargetLike,
  opts: MergeOptions & { checkOnly?: boolean } = {},
): Promise<MergeResult | { conflicts: MergeObject[] }> {
  return withTarget(into, (i) =>
    withTarget(from, async (f): Promise<MergeResult | { conflicts: MergeObject[] }> => {
      if (opts.checkOnly) return { conflicts: await mergeConflicts(i, f) };
      return mergeOf(i, f, opts);
    }),
  );
}
