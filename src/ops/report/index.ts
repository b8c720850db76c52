// `voipdb report`: one self-contained HTML file that answers what an admin inheriting a PBX asks
// before an upgrade — what is in this database (sets, tables, sizes, the diagram), how it got
// here (the history as a timeline), and what differs from what it should be (drift, doctor's
// findings, the pending plan and its warnings). `report` returns the model and the HTML.

import type { Connection } from '../../db/connection.js';
import { check } from '../../engine/check.js';
import { driftOfDatabase } from '../../engine/drift.js';
import { readSetHistory } from '../../engine/status.js';
import type { ScriptSet } from '../../engine/types.js';
import { doctor } from '../doctor.js';
import { diagramModel, renderErd } from '../erd/index.js';
import { timeline } from './history.js';
import { renderHtml } from './html.js';
import { pendingPlans } from './plan.js';

export type { TimelineRun, TimelineStep } from './history.js';
export type { SetPlan, PlannedStep, LockWarning } from './plan.js';

export type { ReportModel, ReportSet } from './model.js';
import type { ReportModel } from './model.js';

export interface ReportOptions {
  title?: string;
  /** Tables with at least this many rows get a lock warning in the plan (default 10 000). */
  lockRows?: number;
  /** Columns the diagram shows (default keys: keys, linked and drifted columns). */
  columns?: 'all' | 'keys';
}

export interface ReportResult {
  model: ReportModel;
  html: string;
}

export async function report(conn: Connection, sets: ScriptSet[], opts: ReportOptions = {}): Promise<ReportResult> {
  const states = await check(conn, sets);
  const rows = await readSetHistory(conn).catch(() => []);
  const drift = states.length ? await driftOfDatabase(conn, states) : { differences: [], unmodelled: [] };
  const doc = await doctor(conn, sets);
  const erdModel = await diagramModel(conn, states);
  const svg = await renderErd(erdModel, 'svg', { columns: opts.columns ?? 'keys' });
  const plans = await pendingPlans(conn, states, {
    lockRows: opts.lockRows,
    rows: new Map(doc.tables.map((t) => [t.name, t.rows])),
  });
  const model: ReportModel = {
    title: opts.title ?? `voipdb report: ${conn.target.display}`,
    target: conn.target.display,
    dialect: conn.dialect,
    generatedAt: new Date().toISOString(),
    sets: states.map((s) => ({
      set: s.set.name,
      state: s.upToDate ? 'OK' : 'NOK',
      current: s.current,
      head: s.head,
      applied: s.applied,
      pending: s.pending.length,
      problems: s.problems.map(({ kind, message, hint, blocking }) => ({ kind, message, hint, blocking })),
    })),
    history: timeline(rows.filter((r) => !sets.length || sets.some((s) => s.name === r.set_name))),
    drift,
    doctor: doc,
    plans,
    diagram: { svg, model: erdModel },
  };
  return { model, html: renderHtml(model) };
}
