// voipdb's own history table: every step's row, appended, never rewritten except for the
// progress of a running non-transactional migration.

import { failpoint } from '../core/failpoints.js';
import type { Connection } from '../db/connection.js';
import type { Dialect } from '../dialect/index.js';

/** 'unstamped': a stamp moved the record down past this migration without running its down step. */
export type HistoryState = 'applied' | 'stamped' | 'unstamped' | 'skipped' | 'running' | 'failed' | 'reverted';

export interface HistoryRow {
  id: number;
  set_name: string;
  version: string | null;
  description: string | null;
  kind: string;
  script: string;
  checksum: string | null;
  installed_by: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  state: HistoryState;
  statements_done: number;
  done_hash: string | null;
  error: string | null;
}

export const HISTORY_TABLE = 'voipdb_history';

/** The DDL of voipdb's own tables still missing, each table on its own: one being there says nothing of the others. */
export async function missingHistoryDDL(conn: Connection, dialect: Dialect): Promise<string[]> {
  const out: string[] = [];
  for (const ddl of dialect.historyDDL()) {
    const table = /CREATE TABLE (?:IF NOT EXISTS )?(\w+)/i.exec(ddl)?.[1];
    if (!table || !(await dialect.tableExists(conn, table))) out.push(ddl);
  }
  return out;
}

/** voipdb's own tables, each ensured on its own. */
export async function ensureHistory(conn: Connection, dialect: Dialect): Promise<void> {
  let first = true;
  for (const ddl of await missingHistoryDDL(conn, dialect)) {
    if (!first) await failpoint('between-setup-tables', () => conn.destroy?.());
    await conn.exec(ddl);
    first = false;
  }
}

export async function readHistory(conn: Connection, dialect: Dialect): Promise<HistoryRow[]> {
  if (!(await dialect.tableExists(conn, HISTORY_TABLE))) return [];
  const rows = await conn.query<HistoryRow>(`SELECT * FROM ${HISTORY_TABLE} ORDER BY id`);
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    statements_done: Number(r.statements_done ?? 0),
    duration_ms: r.duration_ms == null ? null : Number(r.duration_ms),
    started_at: stamp(r.started_at)!,
    finished_at: stamp(r.finished_at),
  }));
}

/** Timestamps read back as 'YYYY-MM-DD HH:MM:SS.mmm' (UTC) whatever the driver returns. */
function stamp(v: unknown): string | null {
  if (v == null) return null;
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
  return String(v);
}

/** The kind of the row a fresh install (head schema in one step) writes where DDL is not transactional. */
export const INSTALL_KIND = 'install';

/** The key a row and a migration share: versioned by version, repeatables and hooks by script. */
export function historyKey(kind: string, version: string | null, script: string): string {
  return kind === 'versioned' || kind === 'baseline' ? `V:${version}` : `${kind}:${script}`;
}

/** Latest row per key, per set. */
export function latestRows(rows: HistoryRow[]): Map<string, Map<string, HistoryRow>> {
  const out = new Map<string, Map<string, HistoryRow>>();
  for (const r of rows) {
    let m = out.get(r.set_name);
    if (!m) out.set(r.set_name, (m = new Map()));
    m.set(historyKey(r.kind, r.version, r.script), r);
  }
  return out;
}

export function isApplied(row: HistoryRow | undefined): boolean {
  return !!row && (row.state === 'applied' || row.state === 'stamped' || row.state === 'skipped');
}

export interface NewRow {
  set: string;
  version: string | null;
  description: string;
  kind: string;
  script: string;
  checksum: string | null;
  installedBy: string;
  startedAt: string | null; // null: offline, use the server's clock
  state: HistoryState;
  statementsDone?: number;
  doneHash?: string | null;
  error?: string | null;
  /** SQL for the row's own start, end and duration, when it shares a transaction with others (Dialect.clock). */
  times?: { started: string; finished: string; durationMs: string };
}

const INSERT_HEAD = `INSERT INTO ${HISTORY_TABLE} (set_name, version, description, kind, script, checksum, installed_by, started_at, finished_at, duration_ms, state, statements_done, done_hash, error) VALUES `;

/** The INSERT for a history row, with literals: the same text online and offline. */
export function insertRowSql(dialect: Dialect, r: NewRow): string {
  return INSERT_HEAD + valuesOf(dialect, r);
}

/** One INSERT for several rows (a batch of migrations commits its rows together anyway). */
export function insertRowsSql(dialect: Dialect, rows: NewRow[]): string {
  return INSERT_HEAD + rows.map((r) => valuesOf(dialect, r)).join(', ');
}

function valuesOf(dialect: Dialect, r: NewRow): string {
  const q = dialect.literal;
  const started = r.times?.started ?? (r.startedAt ? q(r.startedAt) : dialect.now);
  const finished = r.state === 'running' ? 'NULL' : (r.times?.finished ?? dialect.now);
  const duration =
    r.times?.durationMs ?? (r.startedAt && r.state !== 'running' ? dialect.elapsedMsSince(r.startedAt) : 'NULL');
  return `(${[
    q(r.set),
    q(r.version),
    q(r.description.slice(0, 512)),
    q(r.kind),
    q(r.script),
    q(r.checksum),
    q(r.installedBy),
    started,
    finished,
    duration,
    q(r.state),
    q(r.statementsDone ?? 0),
    q(r.doneHash ?? null),
    q(r.error ?? null),
  ].join(', ')})`;
}
