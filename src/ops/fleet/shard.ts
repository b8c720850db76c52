// `--shard I/N`: N runners (a Kubernetes Indexed Job, cron hosts, GNU parallel) share one fleet
// without talking to each other. A target's shard depends on its name alone, so every runner
// computes the same split, and adding a tenant moves no other tenant to another shard.

import { createHash } from 'node:crypto';
import { VoipdbError } from '../../core/errors.js';

export interface Shard {
  /** 0-based, as JOB_COMPLETION_INDEX counts. */
  index: number;
  count: number;
}

export function parseShard(spec: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new VoipdbError('usage', `--shard ${spec}: expected I/N with 0 <= I < N`, {
      hint: 'e.g. --shard 0/4 … --shard 3/4 (in a Kubernetes Indexed Job: --shard $JOB_COMPLETION_INDEX/4)',
    });
  }
  return { index, count };
}

export function shardOf(name: string, count: number): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) % count;
}

export function inShard(name: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(name, shard.count) === shard.index;
}
