// Reading an SQLite source: opened read-only (see openSource), query_only, one read transaction,
// and a statement iterator that steps through the table without loading it.

import type { Connection } from '../../db/connection.js';
import type { SourceRow } from '../types.js';
import { afterKey, selectList, type ReadQuery, type SourceDialect } from './types.js';
import { sqlite } from '../../dialect/sqlite.js';

const quote = sqlite.quote;
const SLICE = 1000;

interface Statement {
  iterate(...params: unknown[]): IterableIterator<SourceRow>;
}
interface Db {
  prepare(sql: string): Statement;
}

export const sqliteSource: SourceDialect = {
  // A read-only file handle that never switches the journal mode (which would be a write).
  readOnlyParams: { mode: 'ro', journal_mode: 'delete' },
  async begin(conn) {
    await conn.exec('PRAGMA query_only = ON');
    await conn.exec('BEGIN');
  },
  async end(conn) {
    await conn.exec('ROLLBACK').catch(() => {});
  },
  async tableExists(conn, table) {
    const r = await conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
    return r.length > 0;
  },
  async columns(conn, table) {
    const r = await conn.query<{ name: string }>(`PRAGMA table_info(${quote(table)})`);
    return r.map((x) => x.name);
  },
  async key(conn, table) {
    const cols = await conn.query<{ name: string; pk: number; notnull: number }>(`PRAGMA table_info(${quote(table)})`);
    const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    if (pk.length) return pk.map((c) => c.name);
    const notNull = new Set(cols.filter((c) => c.notnull).map((c) => c.name));
    const idx = await conn.query<{ name: string; unique: number; partial: number }>(
      `PRAGMA index_list(${quote(table)})`,
    );
    for (const i of idx.filter((x) => x.unique && !x.partial).sort((a, b) => a.name.localeCompare(b.name))) {
      const ic = await conn.query<{ name: string | null }>(`PRAGMA index_info(${quote(i.name)})`);
      if (ic.every((c) => c.name && notNull.has(c.name))) return ic.map((c) => c.name!);
    }
    // Every ordinary SQLite table has a rowid: a key even when the schema declares none.
    return ['rowid'];
  },
  async estimate(conn, table) {
    const [r] = await conn.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quote(table)}`);
    return Number(r?.n ?? 0);
  },
  stream(conn, q) {
    return streamRows(conn, q);
  },
  scan(conn, table, columns) {
    return streamRows(conn, { table, columns, key: [] });
  },
};

async function* streamRows(conn: Connection, q: ReadQuery): AsyncGenerator<SourceRow[]> {
  let sql = `SELECT ${selectList(q, quote)} FROM ${quote(q.table)}`;
  let params: unknown[] = [];
  if (q.key.length) {
    if (q.after) {
      const w = afterKey(q.key, quote, q.after);
      sql += ` WHERE ${w.sql}`;
      params = w.params;
    }
    sql += ` ORDER BY ${q.key.map(quote).join(', ')}`;
  } else if (q.offset) {
    sql += ` LIMIT -1 OFFSET ${Math.floor(q.offset)}`;
  }
  let slice: SourceRow[] = [];
  for (const row of (conn.raw as Db).prepare(sql).iterate(...params)) {
    slice.push(row);
    if (slice.length === SLICE) {
      yield slice;
      slice = [];
      // Let the writer's and look-ups' promises run between slices of a synchronous iterator.
      await new Promise((r) => setImmediate(r));
    }
  }
  if (slice.length) yield slice;
}
