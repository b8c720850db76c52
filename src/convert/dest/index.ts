// The destination side of a conversion, per dialect, and how values are made fit for a column.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { mysqlDest } from './mysql.js';
import { postgresDest } from './postgres.js';
import { sqliteDest } from './sqlite.js';
import type { ColumnKind, DestDialect } from './types.js';

export type { ColumnKind, DeferredIndex, DestDialect } from './types.js';
export { insertWithParams } from './types.js';

const dests: Record<DialectName, DestDialect> = { mysql: mysqlDest, postgres: postgresDest, sqlite: sqliteDest };

export function destFor(conn: Connection): DestDialect {
  return dests[conn.dialect];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A value as every writer can take it: null, number, string or Buffer; bytes for binary columns, text for text ones. */
export function normalize(v: unknown, kind: ColumnKind | undefined): unknown {
  // The common cases first: this runs for every value written.
  if (typeof v === 'string') return kind === 'binary' ? Buffer.from(v, 'utf8') : v;
  if (typeof v === 'number') return v;
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) {
    // Drivers build Dates from zone-less timestamps in local time: give the same wall-clock time back.
    const ms = v.getMilliseconds();
    return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())} ${pad(v.getHours())}:${pad(v.getMinutes())}:${pad(v.getSeconds())}${ms ? '.' + pad(ms, 3) : ''}`;
  }
  if (Buffer.isBuffer(v)) return kind === 'text' ? v.toString('utf8') : v;
  if (v instanceof Uint8Array) return kind === 'text' ? Buffer.from(v).toString('utf8') : Buffer.from(v);
  return kind === 'binary' ? Buffer.from(JSON.stringify(v)) : JSON.stringify(v);
}
