// erd and report: the live schema drawn, and one HTML page about a database or a fleet.

import { redact } from '../core/redact.js';
import { erd as erdOf, type ErdOptions, type ErdResult } from '../ops/erd/index.js';
import { fleetTargets, type FleetSources } from '../ops/fleet/targets.js';
import { fleetReport as fleetReportOf, type FleetReportModel, type FleetReportOptions } from '../ops/report/fleet.js';
import { report as reportOf, type ReportOptions, type ReportResult } from '../ops/report/index.js';
import { resolveSets, type SetChoice } from './sets.js';
import { withTarget, type TargetLike } from './target.js';

export type { ErdOptions, ErdResult, FleetReportModel, FleetReportOptions, ReportOptions, ReportResult };
export { ERD_FORMATS } from '../ops/erd/index.js';

/** The live schema as a diagram (SVG, DOT, Mermaid), drift marked; with `sets` named, only the tables they own. */
export async function erd(
  target: TargetLike | undefined,
  opts: SetChoice & Omit<ErdOptions, 'states'> = {},
): Promise<ErdResult> {
  return withTarget(target, async (conn) =>
    erdOf(conn, await resolveSets(opts, conn), { ...opts, onlyOwned: opts.onlyOwned ?? !!opts.sets?.length }),
  );
}

/** One self-contained HTML page: sets, history timeline, diagram with drift, sizes, pending plan (passwords redacted). */
export async function report(
  target: TargetLike | undefined,
  opts: SetChoice & ReportOptions = {},
): Promise<ReportResult> {
  return withTarget(target, async (conn) => {
    const r = await reportOf(conn, await resolveSets(opts, conn), opts);
    return { ...r, html: redact(r.html) };
  });
}

/** A fleet's summary page: a read-only check of the targets given as to `fleet`. */
export async function fleetReport(
  sources: FleetSources,
  opts: FleetReportOptions = {},
): Promise<{ model: FleetReportModel; html: string }> {
  const r = await fleetReportOf(await fleetTargets(sources), opts);
  return { ...r, html: redact(r.html) };
}
