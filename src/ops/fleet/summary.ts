// The fleet at a glance: how many targets ended how, and where each set stands across them —
// the tenants that differ from the rest show at once.

import { ExitCode } from '../../core/errors.js';
import type { FleetCommand, FleetSummary, Outcome, TargetResult, VersionCount } from './types.js';

/** Targets listed by name under a version held by at most this many. */
const FEW = 10;

export function summarize(
  command: FleetCommand,
  results: TargetResult[],
  extra: { total: number; skipped: number; stopped?: string; durationMs: number },
): FleetSummary {
  const byOutcome: Partial<Record<Outcome, number>> = {};
  for (const r of results) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
  const bySet = new Map<string, Map<string | null, string[]>>();
  for (const r of results) {
    for (const p of r.sets) {
      const versions = bySet.get(p.set) ?? bySet.set(p.set, new Map()).get(p.set)!;
      const names = versions.get(p.current) ?? versions.set(p.current, []).get(p.current)!;
      names.push(r.name);
    }
  }
  const positions = [...bySet].map(([set, versions]) => {
    const list: VersionCount[] = [...versions]
      .map(([version, names]) => ({ version, count: names.length, names }))
      .sort((a, b) => b.count - a.count)
      .map(({ version, count, names }, i) =>
        i > 0 && count <= FEW ? { version, count, targets: names.sort() } : { version, count },
      );
    return { set, versions: list };
  });
  const failed = results
    .filter((r) => r.outcome === 'failed')
    .map((r) => ({ name: r.name, exitCode: r.exitCode, message: r.message }));
  const behind = results
    .filter((r) => r.outcome === 'not-up-to-date')
    .map((r) => ({ name: r.name, message: r.message }));
  const broken = results.some((r) => r.outcome === 'failed' || r.outcome === 'not-run');
  const exitCode = broken ? ExitCode.fleetFailed : results.every((r) => r.ok) ? ExitCode.ok : ExitCode.notUpToDate;
  return {
    command,
    total: extra.total,
    skipped: extra.skipped,
    byOutcome,
    positions,
    failed,
    behind,
    stopped: extra.stopped,
    durationMs: extra.durationMs,
    exitCode,
  };
}
