// `voipdb report --fleet`: the fleet's summary as one self-contained HTML page — a `fleet check`
// over every target (read-only: no run record is written), the outcome of each, where every
// set stands across the fleet and which tenants differ from the rest.

import { runFleet, type FleetOptions } from '../fleet/run.js';
import type { FleetTarget } from '../fleet/targets.js';
import type { FleetSummary, TargetResult } from '../fleet/types.js';
import { duration, esc, page } from './html.js';

export interface FleetReportModel {
  title: string;
  generatedAt: string;
  summary: FleetSummary;
  targets: TargetResult[];
}

export interface FleetReportOptions {
  title?: string;
  /** Targets read at once (default 8). */
  parallel?: number;
  /** Compare each live schema with its sets' migrations (default true). */
  drift?: boolean;
}

const outcomeBadge: Record<string, string> = {
  'up-to-date': 'ok',
  'not-up-to-date': 'warn',
  failed: 'nok',
  'not-run': 'muted',
};

export async function fleetReport(
  targets: FleetTarget[],
  opts: FleetReportOptions = {},
): Promise<{ model: FleetReportModel; html: string }> {
  const results: TargetResult[] = [];
  let summary: FleetSummary | undefined;
  const fleetOpts: FleetOptions = { parallel: opts.parallel, drift: opts.drift !== false, record: false };
  for await (const e of runFleet('check', targets, fleetOpts)) {
    if (e.type === 'result') results.push(e.result);
    else if (e.type === 'summary') summary = e.summary;
  }
  results.sort((a, b) => a.name.localeCompare(b.name));
  const model: FleetReportModel = {
    title: opts.title ?? `voipdb fleet report: ${targets.length} target(s)`,
    generatedAt: new Date().toISOString(),
    summary: summary!,
    targets: results,
  };
  return { model, html: renderFleetHtml(model) };
}

export function renderFleetHtml(m: FleetReportModel): string {
  const s = m.summary;
  const card = (v: string | number, l: string) =>
    `<div class="card"><div class="v">${esc(v)}</div><div class="l">${esc(l)}</div></div>`;
  const cards = `<div class="cards">${[
    card(s.total, 'targets'),
    card(s.byOutcome['up-to-date'] ?? 0, 'up to date'),
    card(s.byOutcome['not-up-to-date'] ?? 0, 'not up to date'),
    card(s.byOutcome.failed ?? 0, 'failed'),
    card(duration(Math.round(s.durationMs)), 'to read them all'),
  ].join('')}</div>`;
  const positions = s.positions
    .flatMap((p) =>
      p.versions.map(
        (v, i) =>
          `<tr>${i === 0 ? `<td rowspan="${p.versions.length}"><code>${esc(p.set)}</code></td>` : ''}<td><code>${esc(v.version ?? '(base)')}</code></td>` +
          `<td class="num">${v.count}</td><td>${esc((v.targets ?? []).join(', '))}</td></tr>`,
      ),
    )
    .join('');
  const rows = m.targets
    .map((t) => {
      const sets = t.sets
        .map(
          (x) =>
            `<div><code>${esc(x.set)}</code> ${esc(x.current ?? '(empty)')}${x.pending ? ` <b>+${x.pending} pending</b>` : ''}</div>`,
        )
        .join('');
      return (
        `<tr data-target="${esc(t.name)}"><td><code>${esc(t.name)}</code>${t.group ? `<div class="empty">${esc(t.group)}</div>` : ''}</td>` +
        `<td><span class="badge ${outcomeBadge[t.outcome] ?? 'info'}">${esc(t.outcome)}</span></td><td>${sets}</td>` +
        `<td>${esc(t.message ?? '')}${t.hint ? `<div class="problem"><span class="hint">next: ${esc(t.hint)}</span></div>` : ''}</td><td class="num">${duration(Math.round(t.durationMs))}</td></tr>`
      );
    })
    .join('');
  const body =
    cards +
    `<section id="positions"><h2>Where the sets stand</h2><table><thead><tr><th>set</th><th>version</th><th>targets</th><th>which (when few)</th></tr></thead><tbody>${positions}</tbody></table></section>` +
    `<section id="targets"><h2>Targets</h2><table><thead><tr><th>target</th><th>outcome</th><th>sets</th><th>first problem</th><th>took</th></tr></thead><tbody>${rows}</tbody></table></section>`;
  return page(
    m.title,
    `fleet check of ${s.total} target(s) · generated ${m.generatedAt.slice(0, 19).replace('T', ' ')} UTC by voipdb`,
    [
      ['positions', 'Sets'],
      ['targets', 'Targets'],
    ],
    body,
  );
}
