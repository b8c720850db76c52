// Writing to MySQL/MariaDB: LOAD DATA LOCAL INFILE from a stream built in memory (the fastest way
// in), or large multi-row INSERTs where the server refuses LOCAL files (local_infile=OFF). A strict session makes a
// value that does not fit an error; LOAD DATA LOCAL turns such errors (and duplicate keys) into
// warnings, so its count and warnings are checked and any difference is treated as a data error.

import { Readable } from 'node:stream';
import type { Connection } from '../../db/connection.js';
import { parseTextRows, textRows } from './text-rows.js';
import { appendRows, type ColumnKind, type DestDialect, type Encoded } from './types.js';
import { mysql } from '../../dialect/mysql.js';

const quote = mysql.quote;

/** Bytes of SQL per INSERT statement: well under the default 16 MB max_allowed_packet. */
const MAX_STATEMENT = 4 * 1024 * 1024;

const ESC: Record<string, string> = {
  '\0': '\\0',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  '"': '\\"',
  "'": "\\'",
  '\\': '\\\\',
};
// MySQL's text format escapes Ctrl-Z (\x1a) as \Z: the control character is meant.
// eslint-disable-next-line no-control-regex
const NEEDS = /[\0\b\t\n\r\x1a"'\\]/g;
// eslint-disable-next-line no-control-regex
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
const DATA_ERRNOS = new Set([
  1022, 1048, 1062, 1169, 1216, 1217, 1264, 1265, 1292, 1300, 1364, 1366, 1367, 1406, 1411, 1451, 1452, 1586, 1690,
  3819, 4025,
]);

/** Binary values travel as hex, turned back into bytes by UNHEX in LOAD DATA's SET clause: the
 *  text stays utf8mb4, which the server converts to each column's own character set. */
const hexBytes = (b: Buffer) => b.toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

interface LoadResult {
  affectedRows?: number;
  warningStatus?: number;
}
interface RawMysql {
  query(o: { sql: string; infileStreamFactory: () => Readable }): Promise<[LoadResult, unknown]>;
}

// Servers with local_infile=OFF refuse LOAD DATA LOCAL: those connections use INSERTs.
const noLocalInfile = new WeakSet<object>();
const LOCAL_REFUSED = new Set([1148, 3948, 2068]);

async function loadData(
  conn: Connection,
  table: string,
  columns: string[],
  kinds: (ColumnKind | undefined)[],
  rows: number,
  chunks: Buffer[],
): Promise<boolean> {
  if (noLocalInfile.has(conn)) return false;
  const fields = columns.map((c, i) => (kinds[i] === 'binary' ? `@v${i}` : quote(c)));
  const sets = columns.flatMap((c, i) => (kinds[i] === 'binary' ? [`${quote(c)} = UNHEX(@v${i})`] : []));
  let res: LoadResult;
  try {
    [res] = await (conn.raw as RawMysql).query({
      sql: `LOAD DATA LOCAL INFILE 'voipdb-rows' INTO TABLE ${quote(table)} CHARACTER SET utf8mb4 (${fields.join(', ')})${sets.length ? ' SET ' + sets.join(', ') : ''}`,
      infileStreamFactory: () => Readable.from(chunks),
    });
  } catch (e) {
    if (LOCAL_REFUSED.has(Number((e as { errno?: number }).errno))) {
      noLocalInfile.add(conn);
      return false;
    }
    throw e;
  }
  if (res.affectedRows !== rows || res.warningStatus) {
    throw Object.assign(
      new Error(
        `LOAD DATA into ${table} took ${res.affectedRows ?? 0} of ${rows} rows with ${res.warningStatus ?? 0} warning(s)`,
      ),
      { errno: LOAD_MISMATCH },
    );
  }
  return true;
}

function decode(e: Encoded): unknown[][] {
  return e.values ?? parseTextRows(e.text!, e.kinds, unhex);
}

/** Our own code for "LOAD DATA LOCAL skipped or changed rows" (it reports those as warnings). */
const LOAD_MISMATCH = -1062;

async function insertRows(conn: Connection, table: string, columns: string[], rows: unknown[][]): Promise<void> {
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
}

export const mysqlDest: DestDialect = {
  quote,
  // mysql2 spells an array parameter as a list.
  anyOf: (column, values) => ({ sql: `${quote(column)} IN (?)`, params: [values] }),
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
  encode(conn, columns, kinds, rows, into) {
    // A batch begun as text stays text (bulkInsert reads it back if the server turns out to refuse LOCAL).
    const asText = into ? !!into.text : !noLocalInfile.has(conn);
    return appendRows(into, columns, kinds, rows, asText ? (r) => textRows(columns, kinds, r, hexBytes) : undefined);
  },
  async bulkInsert(conn, table, columns, e) {
    if (!e.count) return;
    if (e.text && (await loadData(conn, table, columns, e.kinds, e.count, e.text))) return;
    await insertRows(conn, table, columns, decode(e));
  },
  decode,
  async resetSerial() {
    // InnoDB moves AUTO_INCREMENT past explicit values by itself.
  },
  async deferrableIndexes(conn, table) {
    const rows = await conn.query<{
      idx: string;
      col: string;
      sub: number | null;
      type: string;
      nonUnique: number | string;
      auto: number | string;
    }>(
      `SELECT s.INDEX_NAME AS idx, s.COLUMN_NAME AS col, s.SUB_PART AS sub, s.INDEX_TYPE AS type, s.NON_UNIQUE AS nonUnique,
              c.EXTRA LIKE '%auto_increment%' AS auto
         FROM information_schema.STATISTICS s
         JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
        WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = ? AND s.INDEX_NAME <> 'PRIMARY' ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX`,
      [table],
    );
    const byName = new Map<
      string,
      { cols: string[]; names: string[]; plain: boolean; unique: boolean; prefixed: boolean }
    >();
    for (const r of rows) {
      // The AUTO_INCREMENT column must lead some index: one it leads stays.
      const e = byName.get(r.idx) ?? {
        cols: [],
        names: [],
        plain: Number(r.auto) !== 1,
        unique: Number(r.nonUnique) === 0,
        prefixed: false,
      };
      e.cols.push(quote(r.col) + (r.sub ? `(${r.sub})` : ''));
      e.names.push(r.col);
      e.plain &&= r.type === 'BTREE' || r.type === 'HASH';
      e.prefixed ||= r.sub != null;
      byName.set(r.idx, e);
    }
    // FULLTEXT and SPATIAL indexes stay where they are, and unique ones on column prefixes (their
    // duplicates are not rows equal on the columns).
    return [...byName]
      .filter(([, e]) => e.plain && !(e.unique && e.prefixed))
      .map(([name, e]) => ({
        table,
        name,
        create: `CREATE ${e.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quote(name)} ON ${quote(table)} (${e.cols.join(', ')})`,
        ...(e.unique ? { unique: e.names } : {}),
      }));
  },
  rebuildsAside: true,
  async dropIndex(conn, d) {
    await conn.exec(`DROP INDEX IF EXISTS ${quote(d.name)} ON ${quote(d.table)}`);
  },
  async deleteExtras(conn, table, columns, values) {
    // InnoDB reads rows in the order they were written (by primary key, or its own row id when
    // there is none) but deletes with LIMIT in that order too: so all go, and the first comes back.
    const where = columns.map((c) => `${quote(c)} = ?`).join(' AND ');
    const rows = await conn.query<Record<string, unknown>>(`SELECT * FROM ${quote(table)} WHERE ${where}`, values);
    if (rows.length < 2) return 0;
    const first = rows[0]!;
    const names = Object.keys(first);
    await conn.execute(`DELETE FROM ${quote(table)} WHERE ${where}`, values);
    await conn.execute(
      `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      names.map((n) => first[n]),
    );
    return rows.length - 1;
  },
  isDataError(e) {
    const errno = Number((e as { errno?: number }).errno);
    return DATA_ERRNOS.has(errno) || errno === LOAD_MISMATCH;
  },
};
