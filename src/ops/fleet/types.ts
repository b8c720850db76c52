// What a fleet run reports: a result per target, events while it runs, a summary at the end.

export type FleetCommand = 'check' | 'status' | 'upgrade' | 'sql';

export type Outcome =
  /** upgrade ran steps */
  | 'upgraded'
  /** upgrade, check: nothing to do */
  | 'up-to-date'
  /** check: pending steps, problems or drift */
  | 'not-up-to-date'
  /** status: read */
  | 'read'
  /** sql: script written */
  | 'rendered'
  | 'failed'
  /** never started: the canary failed, the failure budget ran out, or the run was interrupted */
  | 'not-run';

/** Where one set of a target stands. */
export interface SetPosition {
  set: string;
  current: string | null;
  head: string | null;
  pending: number;
}

export interface TargetResult {
  name: string;
  group?: string;
  /** The target's URL without its password. */
  url: string;
  /** Succeeded: the command did what it was asked and, for check, found everything up to date. */
  ok: boolean;
  outcome: Outcome;
  /** The exit code `voipdb <command>` on this target alone would have given. */
  exitCode: number;
  message?: string;
  hint?: string;
  /** Steps applied (upgrade). */
  applied?: number;
  sets: SetPosition[];
  /** sql: the file written. */
  file?: string;
  durationMs: number;
}

export interface VersionCount {
  version: string | null;
  count: number;
  /** The targets at this version, when they are few (the ones that differ from the rest). */
  targets?: string[];
}

export interface FleetSummary {
  command: FleetCommand;
  /** Targets in this run's share of the fleet (after --shard). */
  total: number;
  /** Done in an earlier run, skipped by --resume. */
  skipped: number;
  byOutcome: Partial<Record<Outcome, number>>;
  /** set -> version -> targets there, most common version first. */
  positions: { set: string; versions: VersionCount[] }[];
  failed: { name: string; exitCode: number; message?: string }[];
  /** check: the targets not up to date, each with its first problem. */
  behind: { name: string; message?: string }[];
  /** Why targets were not run, when some were not. */
  stopped?: string;
  durationMs: number;
  exitCode: number;
}

export type FleetEvent =
  | { type: 'plan'; total: number; toRun: number; skipped: number }
  | { type: 'start'; name: string }
  | { type: 'result'; result: TargetResult }
  | { type: 'summary'; summary: FleetSummary };
