// Writing to PostgreSQL: COPY ... FROM STDIN (pg-copy-streams on the raw pg client) in the batch's
// transaction; PGlite, which has no COPY stream, gets large parameterized INSERTs.

import type { Connection } from '../../db/connection.js';
import { insertWithParams, normalize, progressTables, type ColumnKind, type DestDialect } from './types.js';

const quote = (id: string) => '"' + id.replace(/"/g, '""') + '"';

const COPY_ESC: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const COPY_NEEDS = /[\\\n\r\t]/g;
const COPY_HAS = /[\\\n\r\t]/;

/** One value in COPY's text format, made fit for its column's kind. */
export function copyText(v: unknown, kind: ColumnKind | undefined): string {
  if (typeof v === 'string' && kind !== 'binary') return COPY_HAS.test(v) ? v.replace(COPY_NEEDS, (c) => COPY_ESC[c]!) : v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  if (v === null || v === undefined) return '\\N';
  const n = normalize(v, kind);
  if (n === null) return '\\N';
  if (Buffer.isBuffer(n)) return '\\\\x' + n.toString('hex');
  const s = String(n);
  return COPY_HAS.test(s) ? s.replace(COPY_NEEDS, (c) => COPY_ESC[c]!) : s;
}

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

async function copyRows(conn: Connection, table: string, columns: string[], kinds: (ColumnKind | undefined)[], rows: Record<string, unknown>[]): Promise<void> {
  const from = await copyStream();
  const sql = `COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`;
  const stream = (conn.raw as PgClient).query(from(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    // Chunks of about 1 MB: few writes, bounded memory.
    let chunk = '';
    const n = columns.length;
    for (const row of rows) {
      let line = copyText(row[columns[0]!], kinds[0]);
      for (let i = 1; i < n; i++) line += '\t' + copyText(row[columns[i]!], kinds[i]);
      chunk += line + '\n';
      if (chunk.length > 1 << 20) {
        stream.write(chunk);
        chunk = '';
      }
    }
    stream.end(chunk);
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
  async bulkInsert(conn, table, columns, kinds, rows) {
    if (!rows.length) return;
    if (conn.driver === 'pg') return copyRows(conn, table, columns, kinds, rows);
    return insertWithParams(conn, quote, table, columns, rows.map((r) => columns.map((c, i) => normalize(r[c], kinds[i]))));
  },
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
  async secondaryIndexes(conn, table) {
    const rows = await conn.query<{ name: string; def: string }>(
      `SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = to_regclass(?) AND NOT i.indisunique AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY ic.relname`,
      [quote(table)],
    );
    return rows.map((r) => ({ table, name: r.name, create: r.def.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ') }));
  },
  async dropIndex(conn, _table, name) {
    await conn.exec(`DROP INDEX IF EXISTS ${quote(name)}`);
  },
  progressDDL: () => progressTables({ text: 'TEXT' }),
};
