// squash: fold a published series of an oVirt-style dbscripts tree into a new base.

import { scratchFrom, squash as squashTree, type SquashOptions, type SquashResult } from '../packs/ovirt/squash.js';

export type { SquashResult };

/** Fold `series` into a new base, verified on a scratch database (a PostgreSQL admin URL; default in-memory PGlite). */
export async function squash(
  dir: string,
  opts: Omit<SquashOptions, 'scratch'> & { scratch?: string },
): Promise<SquashResult> {
  return squashTree(dir, { ...opts, scratch: scratchFrom(opts.scratch) });
}
