// Reading a MySQL/MariaDB source: a read-only session, one consistent snapshot, and rows streamed
// from the server (mysql2's query stream on the raw handle) so memory stays bounded.

import type { Connection } from '../../db/connection.js';
import type { SourceRow } from '../types.js';
import { afterKey, pickKey, selectList, type ReadQuery, type SourceDialect } from './types.js';
import { mysql } from '../../dialect/mysql.js';

const quote = mysql.quote;

interface CoreQuery {
  stream(opts: { highWaterMark: number }): NodeJS.ReadableStream & { destroy(): void };
}
interface CoreConnection {
  query(opts: { sql: string; values?: unknown[] }): CoreQuery;
  resume(): void;
}

/** Rows mysql2 buffers before it pauses the socket: few, since rows parsed ahead outlive a
 *  young-generation collection and are copied by it (4,096 made scavenges twice as long). */
const BUFFERED = 512;

function core(conn: Connection): CoreConnection {
  return (conn.raw as { connection: CoreConnection }).connection;
}

export const mysqlSource: SourceDialect = {
  async begin(conn) {
    // A paused stream must not make the server give up on us while the destination catches up.
    await conn.exec('SET SESSION net_write_timeout = 3600, SESSION net_read_timeout = 3600');
    await conn.exec('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await conn.exec('SET SESSION TRANSACTION READ ONLY');
    await conn.exec('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  },
  async end(conn) {
    await conn.exec('ROLLBACK').catch(() => {});
  },
  async tableExists(conn, table) {
    const r = await conn.query(
      'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [table],
    );
    return r.length > 0;
  },
  async columns(conn, table) {
    const r = await conn.query<{ c: string }>(
      'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      [table],
    );
    return r.map((x) => x.c);
  },
  async key(conn, table) {
    const rows = await conn.query<{ idx: string; col: string; nullable: string; sub: number | null }>(
      `SELECT s.INDEX_NAME AS idx, s.COLUMN_NAME AS col, c.IS_NULLABLE AS nullable, s.SUB_PART AS sub
         FROM information_schema.STATISTICS s
         JOIN information_schema.COLUMNS c
           ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
        WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0
        ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME, s.SEQ_IN_INDEX`,
      [table],
    );
    return pickKey(rows.map((r) => ({ index: r.idx, column: r.col, usable: r.nullable === 'NO' && r.sub == null })));
  },
  async estimate(conn, table) {
    const [r] = await conn.query<{ n: number | string | null }>(
      'SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [table],
    );
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
  let values: unknown[] = [];
  if (q.key.length) {
    if (q.after) {
      const w = afterKey(q.key, quote, q.after);
      sql += ` WHERE ${w.sql}`;
      values = w.params;
    }
    sql += ` ORDER BY ${q.key.map(quote).join(', ')}`;
  } else if (q.offset) {
    // Scan order: the server skips what an earlier run converted.
    sql += ` LIMIT ${Math.floor(q.offset)}, 18446744073709551615`;
  }
  const c = core(conn);
  const s = c.query({ sql, values }).stream({ highWaterMark: BUFFERED });
  let ended = false;
  let failed: unknown;
  s.on('end', () => (ended = true));
  s.on('error', (e) => (failed = e));
  try {
    for (;;) {
      // Whatever rows are buffered, taken at once: no promise per row.
      const slice: SourceRow[] = [];
      for (let r; slice.length < BUFFERED && (r = s.read()) !== null;) slice.push(r as unknown as SourceRow);
      if (slice.length) {
        yield slice;
        continue;
      }
      if (failed) throw failed;
      if (ended) break;
      await more(s);
    }
  } finally {
    if (!ended) {
      // Stopped early: drop the rest without leaving the connection paused.
      s.destroy();
      c.resume();
    }
  }
}

/** Until the stream has rows again, ends, or fails. */
function more(s: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    const events = ['readable', 'end', 'error', 'close'];
    const done = () => {
      for (const e of events) s.off(e, done);
      resolve();
    };
    for (const e of events) s.on(e, done);
  });
}
