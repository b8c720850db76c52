// The run record: one JSON line per finished target, appended as each finishes, so a fleet
// process killed at any moment leaves a record `--resume` can trust (a torn last line is
// ignored). Done targets are skipped on resume; failed and unfinished ones run again.

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TargetResult } from './types.js';

export interface RecordLine {
  name: string;
  ok: boolean;
  outcome: TargetResult['outcome'];
  exitCode: number;
  at: string;
}

export class RunRecord {
  constructor(readonly path: string) {}

  /** The latest line per target. */
  read(): Map<string, RecordLine> {
    const out = new Map<string, RecordLine>();
    if (!existsSync(this.path)) return out;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as RecordLine;
        if (typeof r.name === 'string') out.set(r.name, r);
      } catch {
        // the line a kill cut short
      }
    }
    return out;
  }

  start(fresh: boolean): void {
    mkdirSync(dirname(this.path), { recursive: true });
    if (fresh || !existsSync(this.path)) writeFileSync(this.path, '');
  }

  add(r: TargetResult): void {
    const line: RecordLine = {
      name: r.name,
      ok: r.ok,
      outcome: r.outcome,
      exitCode: r.exitCode,
      at: new Date().toISOString(),
    };
    appendFileSync(this.path, JSON.stringify(line) + '\n');
  }
}
