// Writing to MySQL/MariaDB: large multi-row INSERTs spelled as literals (one round trip per few MB),
// in a strict session so a value that does not fit is an error, never a silent truncation.

import type { Connection } from '../../db/connection.js';
import { progressTables, type ColumnKind, type DestDialect } from './types.js';

const quote = (id: string) => '`' + id.replace(/`/g, '``') + '`';

/** Bytes of SQL per INSERT statement: well under the default 16 MB max_allowed_packet. */
const MAX_STATEMENT = 4 * 1024 * 1024;

const ESC: Record<string, string> = { '\0': '\\0', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', '"': '\\"', "'": "\\'", '\\': '\\\\' };
const NEEDS = /[\0\b\t\n\r\x1a"'\\]/g;
const HAS = /[\0\b\t\n\r\x1a"'\\]/;

export function mysqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return v.length ? "X'" + v.toString('hex') + "'" : "''";
  const s = String(v);
  return "'" + (HAS.test(s) ? s.replace(NEEDS, (c) => ESC[c]!) : s) + "'";
}

// Data errors MySQL reports for the rows themselves (duplicate key, NULL, too long, bad value, range, check).
const DATA_ERRNOS = new Set([1022, 1048, 1062, 1169, 1216, 1217, 1264, 1265, 1292, 1300, 1364, 1366, 1367, 1406, 1411, 1451, 1452, 1586, 1690, 3819, 4025]);

export const mysqlDest: DestDialect = {
  quote,
  async prepareWriter(conn) {
    // Strict for every table, backslash escapes on (our literals use them), zero dates allowed as SER had them.
    await conn.exec("SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    await conn.exec('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
  },
  async columnKinds(conn, table) {
    const rows = await conn.query<{ c: string; t: string }>(
      'SELECT COLUMN_NAME AS c, DATA_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [table],
    );
    const kinds = new Map<string, ColumnKind>();
    for (const r of rows) {
      const t = r.t.toLowerCase();
      kinds.set(r.c, /blob|binary/.test(t) ? 'binary' : /char|text|enum|set/.test(t) ? 'text' : 'other');
    }
    return kinds;
  },
  async bulkInsert(conn, table, columns, rows) {
    if (!rows.length) return;
    const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
    let parts: string[] = [];
    let size = head.length;
    for (const row of rows) {
      let t = '(';
      for (let i = 0; i < row.length; i++) t += (i ? ',' : '') + mysqlLiteral(row[i]);
      t += ')';
      if (parts.length && size + t.length + 1 > MAX_STATEMENT) {
        await conn.exec(head + parts.join(','));
        parts = [];
        size = head.length;
      }
      parts.push(t);
      size += t.length + 1;
    }
    if (parts.length) await conn.exec(head + parts.join(','));
  },
  async resetSerial() {
    // InnoDB moves AUTO_INCREMENT past explicit values by itself.
  },
  isDataError(e) {
    return DATA_ERRNOS.has(Number((e as { errno?: number }).errno));
  },
  progressDDL: () => progressTables({ text: 'TEXT', suffix: 'DEFAULT CHARSET=utf8mb4' }),
};
