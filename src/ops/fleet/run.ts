// A fleet run: the targets of this shard, those an earlier run finished skipped (--resume), the
// canary alone first, then the rest with bounded concurrency until the failure budget runs out.
// Each target takes its own lock inside the engine, so two runners whose shards overlap still
// upgrade a target once. Events stream out as targets start and finish.

import { join } from 'node:path';
import { RunRecord } from './record.js';
import { inShard, parseShard, type Shard } from './shard.js';
import { runJob, SetCache, type JobOptions } from './job.js';
import { summarize } from './summary.js';
import type { FleetTarget } from './targets.js';
import type { FleetCommand, FleetEvent, TargetResult } from './types.js';

export interface FleetOptions extends JobOptions {
  /** Targets run at once (default 8). */
  parallel?: number;
  /** Run the first K targets alone; the rest only when all of them succeeded. */
  canary?: number;
  /** Stop starting targets after this many failures; running ones finish. */
  maxFailures?: number;
  /** The run record (JSON Lines). Default: .voipdb-fleet/<command>[-shard-I-of-N].jsonl; false: none. */
  record?: string | false;
  /** Skip the targets the record says are done; run the failed and unfinished ones. */
  resume?: boolean;
  shard?: Shard | string;
  /** Abort: no new target starts; running ones finish and are recorded. */
  signal?: AbortSignal;
}

export function defaultRecordPath(command: FleetCommand, shard?: Shard): string {
  return join('.voipdb-fleet', `${command}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}.jsonl`);
}

/** Run `command` over the targets; yields each target's start and result, then the summary. */
export async function* runFleet(
  command: FleetCommand,
  targets: FleetTarget[],
  opts: FleetOptions = {},
): AsyncGenerator<FleetEvent> {
  const started = performance.now();
  const shard = typeof opts.shard === 'string' ? parseShard(opts.shard) : opts.shard;
  const recordPath = opts.record === false ? undefined : (opts.record ?? defaultRecordPath(command, shard));
  const record = recordPath ? new RunRecord(recordPath) : undefined;
  const before = opts.resume && record ? record.read() : new Map();
  record?.start(!opts.resume);

  const mine = targets.filter((t) => inShard(t.name, shard));
  const toRun = mine.filter((t) => !before.get(t.name)?.ok);
  const skipped = mine.length - toRun.length;

  const events = new Channel<FleetEvent>();
  const results: TargetResult[] = [];
  let stopped: string | undefined;
  let failures = 0;

  const runAll = async (batch: FleetTarget[]) => {
    let next = 0;
    const worker = async () => {
      while (next < batch.length && !stopped && !opts.signal?.aborted) {
        const t = batch[next++]!;
        events.push({ type: 'start', name: t.name });
        const r = await runJob(command, t, cache, opts);
        results.push(r);
        record?.add(r);
        events.push({ type: 'result', result: r });
        if (r.outcome === 'failed' && opts.maxFailures !== undefined && ++failures >= opts.maxFailures && !stopped) {
          stopped = `${failures} target(s) failed (--max-failures ${opts.maxFailures}): no new target started`;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel ?? 8, batch.length)) }, worker));
  };

  const cache = new SetCache();
  const work = (async () => {
    events.push({ type: 'plan', total: mine.length, toRun: toRun.length, skipped });
    const canary = toRun.slice(0, Math.max(0, opts.canary ?? 0));
    if (canary.length) {
      await runAll(canary);
      const bad = results.filter((r) => r.outcome === 'failed');
      if (bad.length && !stopped)
        stopped = `the canary failed on ${bad.map((r) => r.name).join(', ')}: the rest were not started`;
    }
    await runAll(toRun.slice(canary.length));
    if (opts.signal?.aborted && !stopped) stopped = 'interrupted: no new target started';
    const ran = new Set(results.map((r) => r.name));
    for (const t of toRun) {
      if (ran.has(t.name)) continue;
      const r: TargetResult = {
        name: t.name,
        group: t.group,
        url: t.target.display,
        ok: false,
        outcome: 'not-run',
        exitCode: 0,
        message: stopped,
        sets: [],
        durationMs: 0,
      };
      results.push(r);
      events.push({ type: 'result', result: r });
    }
    const summary = summarize(command, results, {
      total: mine.length,
      skipped,
      stopped,
      durationMs: Math.round(performance.now() - started),
    });
    events.push({ type: 'summary', summary });
  })();
  work.then(
    () => events.close(),
    (e) => events.fail(e),
  );
  yield* events;
}

/** `fleet upgrade` as a library function: events per target, the summary last. */
export function fleetUpgrade(targets: FleetTarget[], opts: FleetOptions = {}): AsyncGenerator<FleetEvent> {
  return runFleet('upgrade', targets, opts);
}

export function fleetCheck(targets: FleetTarget[], opts: FleetOptions = {}): AsyncGenerator<FleetEvent> {
  return runFleet('check', targets, opts);
}

export function fleetStatus(targets: FleetTarget[], opts: FleetOptions = {}): AsyncGenerator<FleetEvent> {
  return runFleet('status', targets, opts);
}

export function fleetSql(targets: FleetTarget[], opts: FleetOptions = {}): AsyncGenerator<FleetEvent> {
  return runFleet('sql', targets, opts);
}

/** Events from workers to the one reader, in order. */
class Channel<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiting?: () => void;
  private ended = false;
  private error?: unknown;

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  close(): void {
    this.ended = true;
    this.wake();
  }

  fail(e: unknown): void {
    this.error = e;
    this.close();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      while (this.items.length) yield this.items.shift()!;
      if (this.ended) {
        if (this.error) throw this.error;
        return;
      }
      await new Promise<void>((r) => (this.waiting = r));
    }
  }
}
