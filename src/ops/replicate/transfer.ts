// Moving rows between two databases of the same dialect: a consistent read snapshot on the
// source, rows read in batches with bounded memory, bulk writes on the destination. Between two
// PostgreSQL servers the rows go through COPY, streamed from one to the other.

import { pipeline } from 'node:stream/promises';
import type { Connection } from '../../db/connection.js';
import type { DialectName, DriverName } from '../../db/url.js';
import { dialectOf } from '../../dialect/index.js';
import { quote, type ColumnInfo } from '../catalog.js';

/** Rows as arrays in column order, a batch at a time. */
export type RowBatches = AsyncIterable<unknown[][]>;

const BATCH_ROWS = 5000;

/** A read snapshot that stays the same across tables (Dialect.readSnapshot). */
export async function beginSnapshot(conn: Connection): Promise<void> {
  for (const s of dialectOf(conn.dialect).readSnapshot.begin) await conn.exec(s);
}

export async function endSnapshot(conn: Connection): Promise<void> {
  await conn.exec(dialectOf(conn.dialect).readSnapshot.end).catch(() => {});
}

function selectList(dialect: DialectName, columns: string[], asText: boolean): string {
  return columns.map((c) => (asText ? `${quote(dialect, c)}::text` : quote(dialect, c))).join(', ');
}

/** Rows of `table` read through one driver, in batches. */
const readers: Record<DriverName, (conn: Connection, table: string, columns: string[]) => RowBatches> = {
  // PostgreSQL family: a cursor inside the snapshot; values as text so every type round-trips.
  pg: cursorRows,
  pglite: cursorRows,
  mysql2: async function* (conn, table, columns) {
    type Raw = { connection: { query(o: object): { stream(o?: object): AsyncIterable<unknown[]> } } };
    const raw = conn.raw as Raw;
    const stream = raw.connection
      .query({
        sql: `SELECT ${selectList('mysql', columns, false)} FROM ${quote('mysql', table)}`,
        rowsAsArray: true,
        // JSON as text, so it is written back as the same text
        typeCast: (field: { type: string; string(): string | null }, next: () => unknown) =>
          field.type === 'JSON' ? field.string() : next(),
      })
      .stream({ highWaterMark: BATCH_ROWS });
    let batch: unknown[][] = [];
    for await (const row of stream) {
      batch.push(row);
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  },
  'better-sqlite3': async function* (conn, table, columns) {
    type Db = {
      prepare(sql: string): { raw(on: boolean): { safeIntegers(on: boolean): { iterate(): Iterable<unknown[]> } } };
    };
    const stmt = (conn.raw as Db).prepare(
      `SELECT ${selectList('sqlite', columns, false)} FROM ${quote('sqlite', table)}`,
    );
    let batch: unknown[][] = [];
    for (const row of stmt.raw(true).safeIntegers(true).iterate()) {
      batch.push(row);
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  },
};

async function* cursorRows(conn: Connection, table: string, columns: string[]): RowBatches {
  const cursor = 'voipdb_rows';
  await conn.exec(
    `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${selectList('postgres', columns, true)} FROM ${quote('postgres', table)}`,
  );
  try {
    for (;;) {
      const rows = await conn.query<Record<string, unknown>>(`FETCH ${BATCH_ROWS} FROM ${cursor}`);
      if (!rows.length) break;
      // `col::text` columns are all named after their column; read them by position.
      yield rows.map((r) => Object.values(r));
      if (rows.length < BATCH_ROWS) break;
    }
  } finally {
    await conn.exec(`CLOSE ${cursor}`).catch(() => {});
  }
}

export function readRows(conn: Connection, table: string, columns: string[]): RowBatches {
  return readers[conn.driver](conn, table, columns);
}

/** Write one batch with the destination's bulk form. */
const writers: Record<
  DialectName,
  (conn: Connection, table: string, columns: ColumnInfo[], rows: unknown[][]) => Promise<void>
> = {
  async postgres(conn, table, columns, rows) {
    // Text in, cast by each column's input function (PGlite types parameters by the column).
    const row = '(' + columns.map((c) => `CAST(?::text AS ${c.type})`).join(', ') + ')';
    const names = columns.map((c) => quote('postgres', c.name)).join(', ');
    // At most 65535 parameters per statement.
    const per = Math.max(1, Math.min(rows.length, Math.floor(60000 / Math.max(1, columns.length))));
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const values: string[] = [];
      const params: unknown[] = [];
      for (const r of chunk) {
        values.push(row);
        params.push(...r);
      }
      await conn.execute(`INSERT INTO ${quote('postgres', table)} (${names}) VALUES ${values.join(', ')}`, params);
    }
  },
  async mysql(conn, table, columns, rows) {
    // mysql2 expands `VALUES ?` with an array of rows; keep each statement well under max_allowed_packet.
    for (let i = 0; i < rows.length; i += 1000) {
      await conn.execute(
        `INSERT INTO ${quote('mysql', table)} (${columns.map((c) => quote('mysql', c.name)).join(', ')}) VALUES ?`,
        [rows.slice(i, i + 1000)],
      );
    }
  },
  async sqlite(conn, table, columns, rows) {
    type Db = { prepare(sql: string): { run(...p: unknown[]): unknown } };
    const stmt = (conn.raw as Db).prepare(
      `INSERT INTO ${quote('sqlite', table)} (${columns.map((c) => quote('sqlite', c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    for (const r of rows) stmt.run(...r);
  },
};

/**
 * Copy every row of `table` from `source` (inside its snapshot) into `dest` (inside its
 * transaction). Returns the number of rows copied.
 */
export async function copyTable(
  source: Connection,
  dest: Connection,
  table: string,
  columns: ColumnInfo[],
  opts: { freeze?: boolean } = {},
): Promise<number> {
  const names = columns.map((c) => c.name);
  if (source.driver === 'pg' && dest.driver === 'pg') return copyStream(source, dest, table, names, !!opts.freeze);
  let n = 0;
  for await (const batch of readRows(source, table, names)) {
    await writers[dest.dialect](dest, table, columns, batch);
    n += batch.length;
  }
  return n;
}

/**
 * Can rows of this table travel in COPY's binary format between two databases? Yes unless a
 * column is a composite or an array of a type created in the database: those carry type OIDs,
 * which differ from one database to another. (The schemas were compared before.)
 */
async function binarySafe(conn: Connection, table: string): Promise<boolean> {
  const [r] = await conn.query<{ unsafe: number | string }>(
    `SELECT count(*) AS unsafe FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
        AND (t.typtype IN ('c', 'p', 'r', 'm') OR (t.typcategory = 'A' AND t.typelem >= 16384))`,
    [quote('postgres', table)],
  );
  return Number(r?.unsafe ?? 1) === 0;
}

/** PostgreSQL to PostgreSQL: COPY TO STDOUT on one side streamed into COPY FROM STDIN on the other. */
async function copyStream(
  source: Connection,
  dest: Connection,
  table: string,
  columns: string[],
  freeze: boolean,
): Promise<number> {
  const { to, from } = await import('pg-copy-streams');
  type Client = { query<T>(q: T): T };
  const cols = columns.map((c) => quote('postgres', c)).join(', ');
  // Binary skips printing and parsing every value on both sides; FREEZE (a table truncated in
  // this transaction) spares the standby rewriting every page later to set hint bits.
  const binary = await binarySafe(source, table);
  const outOpts = binary ? ' (FORMAT binary)' : '';
  const inOpts = [binary ? 'FORMAT binary' : '', freeze ? 'FREEZE' : ''].filter(Boolean).join(', ');
  const out = (source.raw as Client).query(to(`COPY ${quote('postgres', table)} (${cols}) TO STDOUT${outOpts}`));
  const into = (dest.raw as Client).query(
    from(`COPY ${quote('postgres', table)} (${cols}) FROM STDIN${inOpts ? ` (${inOpts})` : ''}`),
  );
  await pipeline(out, into);
  return into.rowCount;
}
