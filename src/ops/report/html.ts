// The report model as one HTML file: styles inline, the diagram inline as SVG, no script, no
// font, image or link that would leave the file — it opens the same on a laptop with no network.

import type { ReportModel } from './model.js';
import type { TimelineRun } from './history.js';

export const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function duration(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return '?';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const bytes = (n: number) => {
  if (n < 1024) return `${n} B`;
  const u = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${u[i]}`;
};

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 'DejaVu Sans','Liberation Sans',Helvetica,Arial,sans-serif;color:#1f2933;background:#f0f4f8}
header{background:#243b53;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:21px}
header .meta{color:#bcccdc;font-size:13px}
nav{background:#334e68;padding:6px 28px}
nav a{color:#d9e2ec;margin-right:18px;text-decoration:none;font-size:13px}
main{padding:18px 28px 40px}
section{background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:16px 20px;margin-bottom:18px}
h2{font-size:17px;margin:0 0 12px;color:#243b53}
h3{font-size:14px;margin:14px 0 6px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
th{font-size:12px;color:#52606d;text-transform:uppercase;letter-spacing:.03em}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font-family:'DejaVu Sans Mono',monospace;font-size:12px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:18px}
.card{background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:10px 16px;min-width:150px}
.card .v{font-size:22px;font-weight:bold}
.card .l{font-size:12px;color:#52606d}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:bold;color:#fff}
.ok{background:#16a34a}.nok{background:#dc2626}.warn{background:#d97706}.info{background:#2563eb}.muted{background:#9aa5b1}
.problem{margin:2px 0;font-size:13px}
.problem .hint{color:#52606d}
.warning{border-left:4px solid #d97706;background:#fffbeb;padding:6px 10px;margin:4px 0;font-size:13px}
.danger{border-left:4px solid #dc2626;background:#fef2f2;padding:6px 10px;margin:4px 0;font-size:13px}
.empty{color:#52606d;font-style:italic}
.diagram{overflow:auto;max-height:900px;border:1px solid #e4e7eb;border-radius:4px;background:#fff}
.diagram svg{display:block}
.timeline{position:relative;margin-left:130px;border-left:3px solid #bcccdc;padding-left:18px}
.run{position:relative;margin-bottom:14px}
.run:before{content:'';position:absolute;left:-27px;top:6px;width:13px;height:13px;border-radius:50%;background:#16a34a;border:2px solid #fff}
.run.failed:before{background:#dc2626}.run.resumed:before{background:#7c3aed}
.run .when{position:absolute;left:-150px;width:115px;text-align:right;font-size:12px;color:#52606d}
.run .what{font-weight:bold}
.bar{display:flex;height:14px;margin:4px 0;border-radius:3px;overflow:hidden;background:#e4e7eb;max-width:900px}
.bar span{display:block;min-width:3px;border-right:1px solid #fff}
.s-applied{background:#16a34a}.s-stamped{background:#9aa5b1}.s-skipped{background:#cbd2d9}.s-failed{background:#dc2626}
.s-running{background:#f59e0b}.s-reverted{background:#2563eb}.s-resumed{background:#7c3aed}
details summary{cursor:pointer;font-size:13px;color:#334e68}
.sizebar{height:10px;background:#486581;border-radius:2px}
`;

function badge(kind: 'ok' | 'nok' | 'warn' | 'info' | 'muted', text: string): string {
  return `<span class="badge ${kind}">${esc(text)}</span>`;
}

function cards(m: ReportModel): string {
  const nok = m.sets.filter((s) => s.state === 'NOK').length;
  const pending = m.plans.reduce((a, p) => a + p.steps.length, 0);
  const warnings = m.plans.reduce((a, p) => a + p.dataLoss.length + p.locks.length, 0);
  const total = m.doctor.tables.reduce((a, t) => a + t.bytes, 0);
  const card = (v: string | number, l: string) =>
    `<div class="card"><div class="v">${esc(v)}</div><div class="l">${esc(l)}</div></div>`;
  return `<div class="cards">${[
    card(`${m.sets.length - nok}/${m.sets.length}`, 'sets up to date'),
    card(m.doctor.tables.length, 'tables'),
    card(bytes(total), 'on disk'),
    card(m.drift.differences.length, 'drift differences'),
    card(pending, 'pending steps'),
    card(warnings, 'upgrade warnings'),
    card(m.history.length, 'runs in the history'),
  ].join('')}</div>`;
}

function setsSection(m: ReportModel): string {
  if (!m.sets.length)
    return `<section id="sets"><h2>Script sets</h2><p class="empty">No script set is recorded in this database and none was chosen (give --pack or --dir).</p></section>`;
  const rows = m.sets.map(
    (s) =>
      `<tr data-set="${esc(s.set)}"><td><code>${esc(s.set)}</code></td><td>${badge(s.state === 'OK' ? 'ok' : 'nok', s.state)}</td>` +
      `<td><code>${esc(s.current ?? '(empty)')}</code></td><td><code>${esc(s.head ?? '-')}</code></td><td class="num">${s.applied}</td><td class="num">${s.pending}</td>` +
      `<td>${s.problems.map((p) => `<div class="problem">${badge(p.blocking ? 'nok' : 'warn', p.kind)} ${esc(p.message)} <span class="hint">— next: ${esc(p.hint)}</span></div>`).join('')}</td></tr>`,
  );
  return `<section id="sets"><h2>Script sets</h2><table><thead><tr><th>set</th><th>state</th><th>current</th><th>head</th><th>applied</th><th>pending</th><th>problems</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function planSection(m: ReportModel): string {
  if (!m.plans.length)
    return `<section id="plan"><h2>Pending upgrade</h2><p class="empty">Nothing pending: every set is at its head.</p></section>`;
  const parts = m.plans.map((p) => {
    const warn = [
      ...p.dataLoss.map(
        (r) =>
          `<div class="danger"><b>data loss:</b> the plan ${esc(r.what)}, which holds rows — take a backup first (voipdb backup), then run with --allow-data-loss</div>`,
      ),
      ...p.locks.map(
        (l) => `<div class="warning"><b>lock:</b> step <code>${esc(l.version)}</code>: ${esc(l.message)}</div>`,
      ),
    ].join('');
    const steps = p.steps
      .map(
        (s) =>
          `<tr><td><code>${esc(s.version)}</code></td><td>${esc(s.description)}</td><td><code>${esc(s.script)}</code></td><td class="num">${s.statements}</td><td>${s.transactional ? 'yes' : 'no (resumable statement by statement)'}</td></tr>`,
      )
      .join('');
    return (
      `<div class="plan" data-set="${esc(p.set)}"><h3><code>${esc(p.set)}</code>: ${esc(p.from ?? '(empty)')} → ${esc(p.to ?? '-')}, ${p.steps.length} step(s)</h3>${warn}` +
      `<details${p.steps.length <= 12 ? ' open' : ''}><summary>steps</summary><table><thead><tr><th>version</th><th>description</th><th>script</th><th>statements</th><th>transactional</th></tr></thead><tbody>${steps}</tbody></table></details></div>`
    );
  });
  return `<section id="plan"><h2>Pending upgrade</h2><p>What <code>voipdb upgrade</code> would run now, with its warnings.</p>${parts.join('')}</section>`;
}

function diagramSection(m: ReportModel): string {
  const { model } = m.diagram;
  const logical = model.links.filter((l) => l.kind === 'logical').length;
  const drifted = model.tables.filter((t) => t.drift).length;
  return (
    `<section id="diagram"><h2>Schema diagram</h2><p>${model.tables.length} tables in ${model.groups.length} groups; ` +
    `${model.links.length - logical} declared foreign keys, ${logical} logical links the packs know; ${drifted} table(s) with drift marked. ` +
    `Key, linked and drifted columns are shown (<code>voipdb erd</code> draws every column).</p>` +
    `<div class="diagram">${m.diagram.svg}</div></section>`
  );
}

function driftSection(m: ReportModel): string {
  const { differences, unmodelled } = m.drift;
  const notes = unmodelled
    .map(
      (s) =>
        `<p class="empty">Set <code>${esc(s)}</code> is SQL text, which voipdb cannot model: its tables are not compared.</p>`,
    )
    .join('');
  if (!differences.length)
    return `<section id="drift"><h2>Drift</h2><p>${badge('ok', 'none')} The live schema is what the applied migrations say it should be.</p>${notes}</section>`;
  const rows = differences.map(
    (d) =>
      `<tr><td>${badge(d.kind.startsWith('missing') ? 'nok' : d.kind.startsWith('extra') ? 'info' : 'warn', d.kind)}</td><td><code>${esc(d.object)}</code></td><td>${esc(d.message)}</td></tr>`,
  );
  return `<section id="drift"><h2>Drift</h2><p>What <code>voipdb diff</code> finds; each is marked on the diagram.</p><table><thead><tr><th>kind</th><th>object</th><th>difference</th></tr></thead><tbody>${rows.join('')}</tbody></table>${notes}</section>`;
}

function runHtml(r: TimelineRun): string {
  const total = r.steps.reduce((a, s) => a + Math.max(s.durationMs ?? 0, 1), 0);
  const cls = r.failed ? 'failed' : r.resumed ? 'resumed' : '';
  const segs = r.steps
    .map((s) => {
      const state = s.resumed ? 'resumed' : s.state;
      const tip = `${s.set} ${s.version ?? s.kind} ${s.description ?? ''} — ${s.state}${s.resumed ? ' (resumed)' : ''}, ${duration(s.durationMs)}`;
      return `<span class="s-${esc(state)}" style="flex:${Math.max(s.durationMs ?? 0, 1) / total}" title="${esc(tip)}"></span>`;
    })
    .join('');
  const flags = [
    r.failed ? badge('nok', `${r.failed} failed`) : '',
    r.resumed ? `<span class="badge" style="background:#7c3aed">${r.resumed} resumed</span>` : '',
  ].join(' ');
  const steps = r.steps
    .map(
      (s) =>
        `<tr><td><code>${esc(s.set)}</code></td><td><code>${esc(s.version ?? s.kind)}</code></td><td>${esc(s.description)}</td><td>${esc(s.state)}${s.resumed ? ' (resumed)' : ''}</td>` +
        `<td class="num">${duration(s.durationMs)}</td><td>${esc(s.error ?? '')}</td></tr>`,
    )
    .join('');
  return (
    `<div class="run ${cls}"><div class="when">${esc(r.startedAt.slice(0, 19))} UTC</div>` +
    `<div class="what">${r.steps.length} step(s) on ${esc(r.sets.join(', '))} ${flags}</div>` +
    `<div>by <b>${esc(r.installedBy)}</b>, ${duration(r.durationMs)}</div><div class="bar">${segs}</div>` +
    `<details><summary>steps</summary><table><thead><tr><th>set</th><th>version</th><th>description</th><th>state</th><th>took</th><th>error</th></tr></thead><tbody>${steps}</tbody></table></details></div>`
  );
}

function historySection(m: ReportModel): string {
  if (!m.history.length)
    return `<section id="history"><h2>History</h2><p class="empty">voipdb's history table is empty or absent: nothing was run through voipdb here yet.</p></section>`;
  const legend = ['applied', 'stamped', 'failed', 'resumed', 'running', 'reverted']
    .map((s) => `<span class="badge s-${s}">${s}</span>`)
    .join(' ');
  return `<section id="history"><h2>History</h2><p>Each run: when it started, who ran it, how long it took; the bar shows its steps by duration. ${legend}</p><div class="timeline">${[...m.history].reverse().map(runHtml).join('')}</div></section>`;
}

function sizesSection(m: ReportModel): string {
  const max = Math.max(1, ...m.doctor.tables.map((t) => t.bytes));
  const rows = m.doctor.tables.map(
    (t) =>
      `<tr><td><code>${esc(t.name)}</code></td><td class="num">${t.rows.toLocaleString('en-US')}</td><td class="num">${esc(bytes(t.bytes))}</td><td style="width:40%"><div class="sizebar" style="width:${((t.bytes / max) * 100).toFixed(1)}%"></div></td></tr>`,
  );
  return `<section id="sizes"><h2>Tables and sizes</h2><table><thead><tr><th>table</th><th>rows</th><th>size</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function doctorSection(m: ReportModel): string {
  const d = m.doctor;
  const items: string[] = [];
  if (d.connections !== null)
    items.push(
      `<p>Connections: <b>${d.connections}</b>${d.activeQueries ? `; active queries: <b>${d.activeQueries.length}</b>` : ''}</p>`,
    );
  if (d.unusedIndexes) {
    items.push(
      d.unusedIndexes.length
        ? `<h3>Unused indexes (no scans since the statistics were reset; keys excluded)</h3><table><thead><tr><th>table</th><th>index</th><th>size</th></tr></thead><tbody>${d.unusedIndexes
            .map(
              (i) =>
                `<tr><td><code>${esc(i.table)}</code></td><td><code>${esc(i.index)}</code></td><td class="num">${i.bytes === null ? '?' : esc(bytes(i.bytes))}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p>No unused index.</p>',
    );
  }
  for (const s of d.sets)
    for (const p of s.problems) items.push(`<div class="warning"><code>${esc(s.set)}</code>: ${esc(p)}</div>`);
  for (const n of d.notes) items.push(`<p class="empty">note: ${esc(n)}</p>`);
  return `<section id="doctor"><h2>Doctor</h2>${items.join('') || '<p>Nothing to report.</p>'}</section>`;
}

/** The page around a report's sections: head, styles, header, navigation. */
export function page(title: string, meta: string, nav: [string, string][], body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${esc(title)}</h1><div class="meta">${esc(meta)}</div></header>
<nav>${nav.map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`).join('')}</nav>
<main>${body}</main>
</body></html>
`;
}

export function renderHtml(m: ReportModel): string {
  const nav: [string, string][] = [
    ['sets', 'Sets'],
    ['plan', 'Pending upgrade'],
    ['diagram', 'Diagram'],
    ['drift', 'Drift'],
    ['history', 'History'],
    ['sizes', 'Sizes'],
    ['doctor', 'Doctor'],
  ];
  const meta = `${m.target} · ${m.dialect} · generated ${m.generatedAt.slice(0, 19).replace('T', ' ')} UTC by voipdb`;
  return page(
    m.title,
    meta,
    nav,
    cards(m) +
      setsSection(m) +
      planSection(m) +
      diagramSection(m) +
      driftSection(m) +
      historySection(m) +
      sizesSection(m) +
      doctorSection(m),
  );
}
