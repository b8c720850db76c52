// How converted rows reach a destination: in bulk, inside the batch's transaction, with errors
// that name the row rather than truncating or dropping it quietly.

import type { Connection } from '../../db/connection.js';

/** What a value must become for a column: bytes, text, or as it is. */
export type ColumnKind = 'binary' | 'text' | 'other';

export interface DestDialect {
  /** Writer session settings: strict (no silent truncation), fast commits where a lost commit is harmless. */
  prepareWriter(conn: Connection): Promise<void>;
  columnKinds(conn: Connection, table: string): Promise<Map<string, ColumnKind>>;
  /** Add rows to `into` (a new Encoded when absent) in the form bulkInsert sends (COPY text, a LOAD
   *  DATA stream), each value made fit for its column's kind (see normalize). Done as rows are
   *  converted, a few hundred at a time, so they need not be kept: the next batch is encoded while
   *  the database takes the previous one. */
  encode(
    conn: Connection,
    columns: string[],
    kinds: (ColumnKind | undefined)[],
    rows: Record<string, unknown>[],
    into?: Encoded,
  ): Encoded;
  /** Insert encoded rows in the open transaction, in as few round trips as the dialect allows. */
  bulkInsert(conn: Connection, table: string, columns: string[], encoded: Encoded): Promise<void>;
  /** The encoded rows' values in column order, as bulkInsert would have written them (for writing
   *  them one by one when the bulk write was refused). */
  decode(encoded: Encoded): unknown[][];
  /** After explicit values went into an auto-increment column: move its sequence past them. */
  resetSerial(conn: Connection, table: string, column: string): Promise<void>;
  /** The error came from the rows (constraint, value), not from the connection or the server. */
  isDataError(e: unknown): boolean;
  quote(id: string): string;
  /** Indexes a large load may drop and rebuild after it: the non-unique ones, and unique ones on
   *  plain columns that are not the primary key (the dialect leaves out what it cannot drop), each
   *  with the statement that recreates it if it is missing. */
  deferrableIndexes(conn: Connection, table: string): Promise<DeferredIndex[]>;
  dropIndex(conn: Connection, index: DeferredIndex): Promise<void>;
  /** Indexes may be rebuilt on a connection of their own while this one loads other tables. */
  rebuildsAside: boolean;
  /** Delete all rows equal to `values` on `columns` but one; returns how many went. */
  deleteExtras(conn: Connection, table: string, columns: string[], values: unknown[]): Promise<number>;
  /** `column` equal to any of `values`, as the dialect says it best (one array parameter where it can). */
  anyOf(column: string, values: unknown[]): { sql: string; params: unknown[] };
}

/** One table's rows of a batch, ready for bulkInsert. */
export interface Encoded {
  count: number;
  kinds: (ColumnKind | undefined)[];
  /** Where the dialect loads text (COPY, LOAD DATA): the rows as that text (./text-rows.ts). */
  text?: Buffer[];
  /** Elsewhere: each row's values in column order, normalized. */
  values?: unknown[][];
}

/** Rows appended to `into` (or a new Encoded) as text, or as normalized values when `text` is
 *  absent; an Encoded keeps the form it began with. */
export function appendRows(
  into: Encoded | undefined,
  columns: string[],
  kinds: (ColumnKind | undefined)[],
  rows: Record<string, unknown>[],
  text?: (rows: Record<string, unknown>[]) => Buffer,
): Encoded {
  const e = into ?? (text ? { count: 0, kinds, text: [] } : { count: 0, kinds, values: [] });
  if (!rows.length) return e;
  if (e.text) e.text.push(text!(rows));
  else for (const r of rows) e.values!.push(columns.map((c, i) => normalize(r[c], kinds[i])));
  e.count += rows.length;
  return e;
}

export interface DeferredIndex {
  table: string;
  name: string;
  create: string;
  /** A unique index: its columns (duplicates are looked for on them when it is rebuilt). */
  unique?: string[];
  /** PostgreSQL: the index of a UNIQUE constraint (dropped and added as the constraint). */
  constraint?: boolean;
}

/** Generic multi-row INSERT with `?` placeholders, split to stay under parameter limits. */
export async function insertWithParams(
  conn: Connection,
  quote: (id: string) => string,
  table: string,
  columns: string[],
  rows: unknown[][],
  maxParams = 30000,
): Promise<void> {
  if (!rows.length) return;
  const per = Math.max(1, Math.floor(maxParams / Math.max(1, columns.length)));
  const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
  const tuple = '(' + columns.map(() => '?').join(', ') + ')';
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await conn.execute(head + chunk.map(() => tuple).join(', '), chunk.flat());
  }
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
