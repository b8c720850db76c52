// `prune`: delete old rows in batches while services run (the XiVO note's
// `DELETE FROM queue_log WHERE "time" < '2014-03-01'`, without one long transaction holding
// millions of row locks and bloating the table in one go). Each batch is its own short
// transaction; a run that stops can simply be run again.

import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { catalogOf, quote } from './catalog.js';

export interface PruneOptions {
  table: string;
  /** The column compared with `before` (XiVO's queue_log: "time", a VARCHAR compared as text). */
  column?: string;
  before: string;
  batchRows?: number;
  /** Pause between batches (ms), to let replicas and vacuum keep up. */
  pauseMs?: number;
  /** Only count what would go. */
  dryRun?: boolean;
  events?: EventSink;
}

export interface PruneResult {
  table: string;
  deleted: number;
  batches: number;
  /** Rows matching, when counted (dry run). */
  matching?: number;
  durationMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Deleter {
  /** Delete the next batch; 0 when done. `state` carries the position between calls. */
  next(
    conn: Connection,
    t: string,
    c: string,
    before: string,
    rows: number,
    state: { page?: number; pages?: number; perPage?: number },
  ): Promise<number>;
}

const deleters: Record<DialectName, Deleter> = {
  // By physical position (ctid ranges): one pass over the table whatever its indexes, then a
  // sweep for rows that moved (updated meanwhile).
  postgres: {
    async next(conn, t, c, before, rows, s) {
      if (s.pages === undefined) {
        const [r] = await conn.query<{ pages: string; per: string }>(
          `SELECT (pg_relation_size(c.oid) / current_setting('block_size')::int)::text AS pages,
                  GREATEST(1, CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN c.reltuples / c.relpages ELSE 50 END)::text AS per
             FROM pg_class c WHERE c.oid = ?::regclass`,
          [t],
        );
        s.pages = Number(r!.pages);
        s.perPage = Number(r!.per);
        s.page = 0;
      }
      const step = Math.max(1, Math.floor(rows / s.perPage!));
      while (s.page! < s.pages) {
        const from = s.page!;
        s.page = from + step;
        const n = await conn.execute(`DELETE FROM ${t} WHERE ctid >= ?::tid AND ctid < ?::tid AND ${c} < ?`, [
          `(${from},0)`,
          `(${from + step},0)`,
          before,
        ]);
        if (n > 0) return n;
      }
      return conn.execute(
        `DELETE FROM ${t} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${t} WHERE ${c} < ? LIMIT ${rows}))`,
        [before],
      );
    },
  },
  mysql: {
    async next(conn, t, c, before, rows) {
      return conn.execute(`DELETE FROM ${t} WHERE ${c} < ? LIMIT ${rows}`, [before]);
    },
  },
  sqlite: {
    async next(conn, t, c, before, rows) {
      return conn.execute(`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE ${c} < ? LIMIT ${rows})`, [
        before,
      ]);
    },
  },
};

export async function prune(conn: Connection, opts: PruneOptions): Promise<PruneResult> {
  const events = opts.events ?? silent;
  const started = Date.now();
  const column = opts.column ?? 'time';
  const cat = catalogOf(conn);
  if (!(await cat.tables(conn)).includes(opts.table)) {
    throw new VoipdbError('not-found', `table ${opts.table} does not exist`, {
      where: conn.target.display,
      hint: 'name the table with --table (default queue_log)',
    });
  }
  if (!(await cat.columns(conn, opts.table)).some((c) => c.name === column)) {
    throw new VoipdbError('not-found', `${opts.table} has no column ${column}`, {
      where: conn.target.display,
      hint: 'name the date column with --column',
    });
  }
  const t = quote(conn.dialect, opts.table);
  const c = quote(conn.dialect, column);
  if (opts.dryRun) {
    const [r] = await conn.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${t} WHERE ${c} < ?`, [
      opts.before,
    ]);
    return { table: opts.table, deleted: 0, batches: 0, matching: Number(r?.n ?? 0), durationMs: Date.now() - started };
  }
  const rows = Math.max(1, opts.batchRows ?? 10_000);
  const state = {};
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const n = await deleters[conn.dialect].next(conn, t, c, opts.before, rows, state);
    if (n === 0) break;
    deleted += n;
    batches++;
    events({ type: 'progress', task: `prune ${opts.table}`, done: deleted, unit: 'rows' });
    if (opts.pauseMs) await sleep(opts.pauseMs);
  }
  events({
    type: 'log',
    level: 'info',
    message: `${opts.table}: ${deleted} rows before ${opts.before} deleted in ${batches} batches`,
  });
  return { table: opts.table, deleted, batches, durationMs: Date.now() - started };
}
