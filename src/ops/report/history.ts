// The history as runs: rows one admin's command wrote together (same person, same direction,
// no long pause between them, ended by a failure; the history has no run id), with how long each took, what failed and what a later run resumed.

import { historyKey, type HistoryRow } from '../../engine/history.js';

export interface TimelineStep {
  set: string;
  version: string | null;
  description: string | null;
  kind: string;
  state: HistoryRow['state'];
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  /** A step that failed (or was cut off) before, run again here. */
  resumed: boolean;
}

export interface TimelineRun {
  startedAt: string;
  finishedAt: string | null;
  installedBy: string;
  /** Wall time from the first step's start to the last one's end. */
  durationMs: number | null;
  steps: TimelineStep[];
  sets: string[];
  failed: number;
  resumed: number;
}

/** A row whose span exceeds its duration by more than this was resumed (timestamps are to the millisecond). */
const RESUME_GAP_MS = 1000;

/** Rows more than this apart belong to different runs. */
const PAUSE_MS = 10 * 60_000;

const ms = (s: string | null) => (s ? Date.parse(s.includes('T') ? s : s.replace(' ', 'T') + 'Z') : NaN);

export function timeline(rows: HistoryRow[]): TimelineRun[] {
  const runs: TimelineRun[] = [];
  const broken = new Set<string>();
  let last: { by: string; end: number; failed: boolean; direction: string } | undefined;
  for (const r of [...rows].sort((a, b) => a.id - b.id)) {
    const key = `${r.set_name}\u0000${historyKey(r.kind, r.version, r.script)}`;
    // Where DDL is not transactional the resume finishes the failed row itself: it keeps the first
    // attempt's start and counts only the resumed part's duration, so its span outgrows its duration.
    const span = ms(r.finished_at) - ms(r.started_at);
    const continued = r.state === 'applied' && r.duration_ms !== null && span - r.duration_ms > RESUME_GAP_MS;
    const resumed = (broken.has(key) && r.state !== 'failed' && r.state !== 'running') || continued;
    if (r.state === 'failed' || r.state === 'running') broken.add(key);
    else broken.delete(key);
    const start = ms(r.started_at);
    const step: TimelineStep = {
      set: r.set_name,
      version: r.version,
      description: r.description,
      kind: r.kind,
      state: r.state,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      durationMs: r.duration_ms,
      error: r.error,
      resumed,
    };
    const run = runs.at(-1);
    // A run stops at its first failure, and goes one way (up or down).
    const direction = r.state === 'reverted' ? 'down' : 'up';
    if (
      !run ||
      !last ||
      last.by !== r.installed_by ||
      !(start - last.end <= PAUSE_MS) ||
      last.failed ||
      last.direction !== direction
    ) {
      runs.push({
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        installedBy: r.installed_by,
        durationMs: null,
        steps: [step],
        sets: [r.set_name],
        failed: 0,
        resumed: 0,
      });
    } else {
      run.steps.push(step);
      if (!run.sets.includes(r.set_name)) run.sets.push(r.set_name);
    }
    const end = ms(r.finished_at);
    last = {
      by: r.installed_by,
      end: Number.isNaN(end) ? start : end,
      failed: r.state === 'failed' || r.state === 'running',
      direction,
    };
  }
  for (const run of runs) {
    const ends = run.steps.map((s) => ms(s.finishedAt)).filter((x) => !Number.isNaN(x));
    const endMs = ends.length ? Math.max(...ends) : NaN;
    run.finishedAt = ends.length ? run.steps.find((s) => ms(s.finishedAt) === endMs)!.finishedAt : null;
    run.durationMs = Number.isNaN(endMs) ? null : Math.max(0, endMs - ms(run.startedAt));
    run.failed = run.steps.filter((s) => s.state === 'failed' || s.state === 'running').length;
    run.resumed = run.steps.filter((s) => s.resumed).length;
  }
  return runs;
}
