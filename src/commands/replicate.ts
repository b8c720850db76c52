// replicate: copy a master to a standby, leaving out table groups; one-shot, or continuous on
// PostgreSQL (publication and subscription), with its status and its removal.

import {
  logicalStatus,
  replicate as replicateOf,
  startLogical,
  stopLogical,
  type LogicalOptions,
  type LogicalResult,
  type LogicalStatus,
  type ReplicateOptions,
  type ReplicateResult,
} from '../ops/replicate.js';
import { groupSettings, type GroupChoice } from './groups.js';
import { withTarget, type TargetLike } from './target.js';

export type { LogicalResult, LogicalStatus, ReplicateResult };

type Base = Omit<ReplicateOptions, 'groups' | 'defaultExcludeGroups'> & GroupChoice;

export type ReplicateRequest =
  | (Base & { continuous?: false })
  | (Base & Omit<LogicalOptions, keyof ReplicateOptions> & { continuous: true })
  | (Base & { continuous: 'status' | 'stop'; name?: string });

/**
 * Copy a database to a standby, leaving out the packs' default groups unless told otherwise.
 * `continuous: true` sets up logical replication instead (PostgreSQL); 'status' reads the
 * subscription, 'stop' removes it with the publication and slot.
 */
export async function replicate(
  master: TargetLike,
  standby: TargetLike,
  opts?: Base & { continuous?: false },
): Promise<ReplicateResult>;
export async function replicate(
  master: TargetLike,
  standby: TargetLike,
  opts: Base & Omit<LogicalOptions, keyof ReplicateOptions> & { continuous: true },
): Promise<LogicalResult>;
export async function replicate(
  master: TargetLike,
  standby: TargetLike,
  opts: Base & { continuous: 'status'; name?: string },
): Promise<LogicalStatus>;
export async function replicate(
  master: TargetLike,
  standby: TargetLike,
  opts: Base & { continuous: 'stop'; name?: string },
): Promise<{ stopped: true }>;
export async function replicate(
  master: TargetLike,
  standby: TargetLike,
  opts: ReplicateRequest = {},
): Promise<ReplicateResult | LogicalResult | LogicalStatus | { stopped: true }> {
  return withTarget(master, (m) =>
    withTarget(standby, async (s) => {
      const g = await groupSettings(opts, m);
      const base = { ...opts, groups: g.groups, defaultExcludeGroups: g.replicateExclude };
      if (opts.continuous === 'stop') {
        await stopLogical(m, s, opts.name);
        return { stopped: true as const };
      }
      if (opts.continuous === 'status') return logicalStatus(s, opts.name);
      if (opts.continuous) return startLogical(m, s, base);
      return replicateOf(m, s, base);
    }),
  );
}
