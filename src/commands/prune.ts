// prune: delete old rows in short batches while services run.

import { VoipdbError } from '../core/errors.js';
import { prune as pruneOf, type PruneOptions, type PruneResult } from '../ops/prune.js';
import { withTarget, type TargetLike } from './target.js';

export type { PruneOptions, PruneResult };

/** A date (2014-03-01, 2014-03-01 12:00:00) or a number: anything else compares as text and deletes nothing or all. */
const BOUND = /^(\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?|-?\d+(\.\d+)?)$/;

/** Delete rows of a table (queue_log, cdr) whose column is below `before`, in batches. */
export async function prune(target: TargetLike | undefined, opts: PruneOptions): Promise<PruneResult> {
  if (!BOUND.test(String(opts.before))) {
    throw new VoipdbError('usage', `--before "${opts.before}" is neither a date (YYYY-MM-DD[ HH:MM:SS]) nor a number`, {
      hint: 'voipdb prune --before 2014-03-01 --dry-run',
    });
  }
  return withTarget(target, (conn) => pruneOf(conn, opts));
}
