// voipdb's own history table: every step's row, appended, never rewritten except for the
// progress of a running non-transactional migration. Its definition and every statement
// against it live here.

import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import type { Dialect } from '../dialect/index.js';
import { createOwnTable, ownTable } from '../schema/own-table.js';
import type { Column } from '../schema/types.js';

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

const varchar = (name: string, length: number, nullable = true): Column => ({
  name,
  type: { kind: 'string', length },
  nullable,
});
// Milliseconds on MySQL (DATETIME keeps none by default); TIMESTAMP keeps them elsewhere.
const at = (name: string, nullable: boolean): Column => ({
  name,
  type: { kind: 'custom', sql: { mysql: 'DATETIME(3)', default: 'TIMESTAMP' } },
  nullable,
});

export const HISTORY = ownTable(
  HISTORY_TABLE,
  [
    // The primary key makes it NOT NULL (on SQLite, the rowid: NULL means the next one).
    { name: 'id', type: { kind: 'integer' }, autoIncrement: true },
    varchar('set_name', 255, false),
    varchar('version', 64),
    varchar('description', 512),
    varchar('kind', 16, false),
    varchar('script', 512, false),
    varchar('checksum', 64),
    varchar('installed_by', 128, false),
    at('started_at', false),
    at('finished_at', true),
    { name: 'duration_ms', type: { kind: 'integer' } },
    varchar('state', 16, false),
    { name: 'statements_done', type: { kind: 'integer' }, nullable: false, default: { value: 0 } },
    varchar('done_hash', 64),
    { name: 'error', type: { kind: 'text' } },
  ],
  { primaryKey: ['id'], mysql: 'DEFAULT CHARSET=utf8mb4' },
);

/** CREATE TABLE IF NOT EXISTS voipdb_history, as the dialect's renderer spells it. */
export function historyDDL(dialect: DialectName): string {
  return createOwnTable(dialect, HISTORY);
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

/** The latest row of a version of a set, if any. */
export async function latestVersionRow(
  conn: Connection,
  set: string,
  version: string | null,
): Promise<Pick<HistoryRow, 'state' | 'kind' | 'version' | 'script'> | undefined> {
  const rows = await conn.query<HistoryRow>(
    `SELECT state, kind, version, script FROM ${HISTORY_TABLE} WHERE set_name = ? AND version = ? ORDER BY id DESC LIMIT 1`,
    [set, version],
  );
  return rows[0];
}

/** The id of the running row a step just inserted. */
export async function runningRowId(conn: Connection, set: string, script: string): Promise<number> {
  const [r] = await conn.query<{ id: number }>(
    `SELECT MAX(id) AS id FROM ${HISTORY_TABLE} WHERE set_name = ? AND script = ? AND state = 'running'`,
    [set, script],
  );
  return Number(r!.id);
}

/** Does the set have a row of this kind and/or state (no history table: no)? */
export async function hasRow(
  conn: Connection,
  dialect: Dialect,
  set: string,
  where: { kind?: string; state?: HistoryState },
): Promise<boolean> {
  if (!(await dialect.tableExists(conn, HISTORY_TABLE))) return false;
  const [sql, params] = filtered(`SELECT 1 AS x FROM ${HISTORY_TABLE}`, set, where);
  return (await conn.query(sql, params)).length > 0;
}

/** The scripts of a set's rows of this kind and state (no history table: none). */
export async function scriptsOf(
  conn: Connection,
  dialect: Dialect,
  set: string,
  where: { kind: string; state: HistoryState },
): Promise<Set<string>> {
  if (!(await dialect.tableExists(conn, HISTORY_TABLE))) return new Set();
  const [sql, params] = filtered(`SELECT script FROM ${HISTORY_TABLE}`, set, where);
  return new Set((await conn.query<{ script: string }>(sql, params)).map((r) => r.script));
}

function filtered(head: string, set: string, where: { kind?: string; state?: string }): [string, unknown[]] {
  const conds = ['set_name = ?'];
  const params: unknown[] = [set];
  for (const k of ['kind', 'state'] as const) {
    if (where[k] === undefined) continue;
    conds.push(`${k} = ?`);
    params.push(where[k]);
  }
  return [`${head} WHERE ${conds.join(' AND ')}`, params];
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

export function isApplied(row: Pick<HistoryRow, 'state'> | undefined): boolean {
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

/**
 * A row's times as another tool recorded them ('YYYY-MM-DD HH:MM:SS[.ffffff]', UTC): the start
 * (unknown: now), the end (unknown: none) and the duration between them.
 */
export function recordedTimes(dialect: Dialect, started: string | null, finished: string | null): NewRow['times'] {
  const us = (t: string) => {
    const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?/.exec(t);
    if (!m) return undefined;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    return Date.UTC(y, mo - 1, d, h, mi, s) * 1000 + (m[7] ? Number(m[7].padEnd(6, '0')) : 0);
  };
  const a = started ? us(started) : undefined;
  const b = finished ? us(finished) : undefined;
  return {
    started: started ? dialect.literal(started) : dialect.now,
    finished: finished ? dialect.literal(finished) : 'NULL',
    durationMs: a !== undefined && b !== undefined ? String(Math.round((b - a) / 1000)) : 'NULL',
  };
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

/** A running row's progress: statements done and the hash of their text; the intent cleared. */
export function progressSql(dialect: Dialect, rowId: number, done: number, doneHash: string): string {
  return `UPDATE ${HISTORY_TABLE} SET statements_done = ${done}, done_hash = ${dialect.literal(doneHash)}, error = NULL WHERE id = ${rowId}`;
}

/** A stopped attempt's row (running or failed) taken over by a run that starts the step again. */
export function restartSql(dialect: Dialect, rowId: number, checksum: string | null): string {
  return `UPDATE ${HISTORY_TABLE} SET state = 'running', checksum = ${dialect.literal(checksum)}, statements_done = 0, done_hash = NULL, error = NULL, started_at = ${dialect.now}, finished_at = NULL WHERE id = ${rowId}`;
}

/** A running row's note of the statement in flight (see resume.ts). */
export function intentSql(dialect: Dialect, rowId: number, intent: string): string {
  return `UPDATE ${HISTORY_TABLE} SET error = ${dialect.literal(intent)} WHERE id = ${rowId}`;
}

/** A running row finished: its final kind, state and checksum, its end time and duration. */
export function finishedSql(
  dialect: Dialect,
  rowId: number,
  r: { kind: string; state: HistoryState; checksum: string | null; startedAt: string },
): string {
  const q = dialect.literal;
  return `UPDATE ${HISTORY_TABLE} SET kind = ${q(r.kind)}, state = ${q(r.state)}, checksum = ${q(r.checksum)}, error = NULL, finished_at = ${dialect.now}, duration_ms = ${dialect.elapsedMsSince(r.startedAt)} WHERE id = ${rowId}`;
}

/** A running row failed at a statement: the error, and what had been done before it. */
export async function markFailed(
  conn: Connection,
  rowId: number,
  r: { error: string; statementsDone: number; doneHash: string },
): Promise<void> {
  await conn.execute(
    `UPDATE ${HISTORY_TABLE} SET state = 'failed', error = ?, statements_done = ?, done_hash = ? WHERE id = ?`,
    [r.error, r.statementsDone, r.doneHash, rowId],
  );
}

/** The rows of another database's history appended to this one's (merge): ids are this one's. */
export async function appendHistoryOf(into: Connection, from: Connection): Promise<void> {
  const cols = HISTORY.columns.map((c) => c.name).filter((c) => c !== 'id');
  const rows = await from.query<Record<string, unknown>>(`SELECT ${cols.join(', ')} FROM ${HISTORY_TABLE} ORDER BY id`);
  for (const r of rows) {
    await into.execute(
      `INSERT INTO ${HISTORY_TABLE} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map((c) => (r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c])),
    );
  }
}
