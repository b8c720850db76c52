// How a source database is read: read-only, one consistent snapshot, rows streamed in a stable
// order so a stopped run can resume after the last row it committed.

import type { Connection } from '../../db/connection.js';
import type { SourceRow } from '../types.js';

export interface ReadQuery {
  table: string;
  /** Columns to select (key columns are added when missing). */
  columns: string[];
  /** Unique, non-null key: rows come in key order, after `after` when given. Empty: scan order. */
  key: string[];
  after?: unknown[];
  /** Scan order only: rows to skip (already converted). */
  offset?: number;
}

export interface SourceDialect {
  /** Connection parameters opening the source read-only where the driver allows it. */
  readOnlyParams?: Record<string, string>;
  /** Make the session read-only and open one snapshot for the whole run. */
  begin(conn: Connection): Promise<void>;
  end(conn: Connection): Promise<void>;
  tableExists(conn: Connection, table: string): Promise<boolean>;
  columns(conn: Connection, table: string): Promise<string[]>;
  /** The primary key, else a unique index on NOT NULL columns; [] when the table has neither. */
  key(conn: Connection, table: string): Promise<string[]>;
  /** A cheap row-count estimate, for progress bars. */
  estimate(conn: Connection, table: string): Promise<number>;
  /** Rows in slices as they arrive (no promise per row), memory bounded by the slice size. */
  stream(conn: Connection, q: ReadQuery): AsyncIterable<SourceRow[]>;
  /** Every row of a table in slices, on a connection other than the source session (a converter
   *  reading the destination whole). */
  scan(conn: Connection, table: string, columns: string[]): AsyncIterable<SourceRow[]>;
}

/** `(a > ?) OR (a = ? AND b > ?) ...`: rows after `after` in key order, in a form every optimizer
 *  makes a range of. Values go in `params` (for `?`), or inline through `lit` when given. */
export function afterKey(
  key: string[],
  quote: (id: string) => string,
  after: unknown[],
  lit?: (v: unknown) => string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const val = (v: unknown) => {
    if (lit) return lit(v);
    params.push(v);
    return '?';
  };
  const ors: string[] = [];
  for (let i = 0; i < key.length; i++) {
    const ands: string[] = [];
    for (let j = 0; j < i; j++) ands.push(`${quote(key[j]!)} = ${val(after[j])}`);
    ands.push(`${quote(key[i]!)} > ${val(after[i])}`);
    ors.push('(' + ands.join(' AND ') + ')');
  }
  return { sql: ors.join(' OR '), params };
}

export function selectList(q: ReadQuery, quote: (id: string) => string): string {
  const cols = [...q.columns];
  for (const k of q.key) if (!cols.includes(k)) cols.push(k);
  return cols.map(quote).join(', ');
}

/** The primary key when there is one, else the first unique index whose columns are all NOT NULL. */
export function pickKey(rows: { index: string; column: string; usable: boolean }[]): string[] {
  const byIndex = new Map<string, { cols: string[]; usable: boolean }>();
  for (const r of rows) {
    const e = byIndex.get(r.index) ?? { cols: [], usable: true };
    e.cols.push(r.column);
    e.usable &&= r.usable;
    byIndex.set(r.index, e);
  }
  for (const e of byIndex.values()) if (e.usable) return e.cols;
  return [];
}
