// Writing to PostgreSQL: COPY ... FROM STDIN (pg-copy-streams on the raw pg client) in the batch's
// transaction; PGlite, which has no COPY stream, gets large parameterized INSERTs.

import type { Connection } from '../../db/connection.js';
import { sqlString } from '../../dialect/dialect.js';
import { parseTextRows, textRows } from './text-rows.js';
import { appendRows, insertWithParams, type ColumnKind, type DestDialect } from './types.js';
import { postgres } from '../../dialect/postgres.js';

const quote = postgres.quote;

type CopyFrom = (sql: string) => NodeJS.WritableStream;
let copyFrom: CopyFrom | undefined;

async function copyStream(): Promise<CopyFrom> {
  if (!copyFrom) {
    const mod = (await import('pg-copy-streams')) as unknown as { from?: CopyFrom; default?: { from: CopyFrom } };
    copyFrom = mod.from ?? mod.default!.from;
  }
  return copyFrom;
}

interface PgClient {
  query(stream: NodeJS.WritableStream): NodeJS.WritableStream;
}

/** bytea in COPY's text format: \\x and hex digits. */
const bytea = (b: Buffer) => '\\\\x' + b.toString('hex');
const unbytea = (s: string) => Buffer.from(s.slice(2), 'hex');

async function copyRows(conn: Connection, table: string, columns: string[], chunks: Buffer[]): Promise<void> {
  const from = await copyStream();
  const sql = `COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`;
  const stream = (conn.raw as PgClient).query(from(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    for (const c of chunks) stream.write(c);
    stream.end();
  });
}

export const postgresDest: DestDialect = {
  quote,
  anyOf: (column, values) => ({ sql: `${quote(column)} = ANY(?)`, params: [values] }),
  async prepareWriter(conn) {
    // A commit lost in a server crash loses its progress row with it, so resuming stays exact.
    await conn.exec('SET synchronous_commit = off');
    await conn.exec('SET default_transaction_read_only = off');
    // Deferred indexes are rebuilt by sorting: give the sort room.
    await conn.exec("SET maintenance_work_mem = '256MB'");
  },
  async columnKinds(conn, table) {
    const rows = await conn.query<{ c: string; t: string }>(
      'SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?',
      [table],
    );
    const kinds = new Map<string, ColumnKind>();
    for (const r of rows) kinds.set(r.c, r.t === 'bytea' ? 'binary' : /char|text/.test(r.t) ? 'text' : 'other');
    return kinds;
  },
  encode(conn, columns, kinds, rows, into) {
    return appendRows(
      into,
      columns,
      kinds,
      rows,
      conn.driver === 'pg' ? (r) => textRows(columns, kinds, r, bytea) : undefined,
    );
  },
  async bulkInsert(conn, table, columns, e) {
    if (!e.count) return;
    if (e.text) return copyRows(conn, table, columns, e.text);
    return insertWithParams(conn, quote, table, columns, e.values!);
  },
  decode: (e) => e.values ?? parseTextRows(e.text!, e.kinds, unbytea),
  async resetSerial(conn, table, column) {
    await conn.query(
      `SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
      [quote(table), column],
    );
  },
  isDataError(e) {
    const code = String((e as { code?: string }).code ?? '');
    return code.startsWith('22') || code.startsWith('23');
  },
  async deferrableIndexes(conn, table) {
    const rows = await conn.query<{ name: string; def: string; uniq: boolean; condef: string | null; cols: string }>(
      `SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS uniq,
              pg_get_constraintdef(c.oid) AS condef,
              array_to_json(ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(n, o)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o))::text AS cols
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
         LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
        WHERE i.indrelid = to_regclass(?) AND NOT i.indisprimary AND (c.oid IS NULL OR c.contype = 'u')
          AND (NOT i.indisunique OR (i.indpred IS NULL AND i.indexprs IS NULL))
        ORDER BY ic.relname`,
      [quote(table)],
    );
    return rows.map((r) => {
      if (r.condef) {
        const create =
          `DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(${sqlString(quote(table))}) AND conname = ${sqlString(r.name)}) ` +
          `THEN ALTER TABLE ${quote(table)} ADD CONSTRAINT ${quote(r.name)} ${r.condef}; END IF; END$$`;
        return { table, name: r.name, create, unique: JSON.parse(r.cols) as string[], constraint: true };
      }
      const create = r.def.replace(
        /^CREATE (UNIQUE )?INDEX /,
        (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX IF NOT EXISTS `,
      );
      return { table, name: r.name, create, ...(r.uniq ? { unique: JSON.parse(r.cols) as string[] } : {}) };
    });
  },
  rebuildsAside: true,
  async dropIndex(conn, d) {
    await conn.exec(
      d.constraint
        ? `ALTER TABLE ${quote(d.table)} DROP CONSTRAINT IF EXISTS ${quote(d.name)}`
        : `DROP INDEX IF EXISTS ${quote(d.name)}`,
    );
  },
  async deleteExtras(conn, table, columns, values) {
    // The first row written stays.
    const where = columns.map((c) => `${quote(c)} = ?`).join(' AND ');
    return conn.execute(
      `DELETE FROM ${quote(table)} WHERE ctid IN (SELECT ctid FROM ${quote(table)} WHERE ${where} ORDER BY ctid OFFSET 1)`,
      values,
    );
  },
};
