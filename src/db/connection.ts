// One open database: the only thing the engine, the schema toolkit and the operations talk to.
// Drivers (pg, mysql2, better-sqlite3, PGlite) live behind it and are imported only when used.

import type { DialectName, DriverName, Target } from './url.js';

export type Row = Record<string, unknown>;

export interface Connection {
  readonly target: Target;
  readonly dialect: DialectName;
  readonly driver: DriverName;
  /** Run one statement with `?` placeholders; returns its rows (empty for DDL/DML). */
  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Run one statement, returning the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Run a script of several statements in one round trip where the driver allows it. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
  /** Cut the connection at once, without a goodbye (failpoints: a server that went away). */
  destroy?(): void;
  /** The driver's own handle, for bulk paths (COPY, LOAD DATA, prepared inserts). */
  readonly raw: unknown;
}

/** Replace `?` placeholders (outside quotes) with `$1..$n` for PostgreSQL drivers. */
export function toDollarParams(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      out += c;
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === '?') {
      out += '$' + ++n;
    } else out += c;
  }
  return out;
}
