// Writing to SQLite: one prepared INSERT per table, run for every row inside the batch's transaction.

import { appendRows, type ColumnKind, type DestDialect } from './types.js';
import { sqlite } from '../../dialect/sqlite.js';

const quote = sqlite.quote;

interface Db {
  prepare(sql: string): { run(...params: unknown[]): unknown };
}

const prepared = new WeakMap<object, Map<string, { run(...params: unknown[]): unknown }>>();

export const sqliteDest: DestDialect = {
  quote,
  anyOf: (column, values) => ({ sql: `${quote(column)} IN (${values.map(() => '?').join(', ')})`, params: values }),
  async prepareWriter() {},
  async columnKinds(conn, table) {
    const rows = await conn.query<{ name: string; type: string }>(`PRAGMA table_info(${quote(table)})`);
    const kinds = new Map<string, ColumnKind>();
    for (const r of rows) {
      const t = (r.type ?? '').toUpperCase();
      kinds.set(r.name, t.includes('BLOB') ? 'binary' : /CHAR|CLOB|TEXT/.test(t) ? 'text' : 'other');
    }
    return kinds;
  },
  encode: (_conn, columns, kinds, rows, into) => appendRows(into, columns, kinds, rows),
  async bulkInsert(conn, table, columns, { values }) {
    const db = conn.raw as Db;
    const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    let byDb = prepared.get(db);
    if (!byDb) prepared.set(db, (byDb = new Map()));
    let stmt = byDb.get(sql);
    if (!stmt) byDb.set(sql, (stmt = db.prepare(sql)));
    for (const row of values!) stmt.run(...row);
  },
  decode: (e) => e.values!,
  async resetSerial() {
    // AUTOINCREMENT's sqlite_sequence follows explicit values by itself.
  },
  async deferrableIndexes(conn, table) {
    // Only indexes made by CREATE INDEX (a UNIQUE or PRIMARY KEY constraint's cannot be dropped).
    const rows = await conn.query<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
      [table],
    );
    const out = [];
    for (const r of rows) {
      const m = /^CREATE\s+(UNIQUE\s+)?INDEX\s+(IF\s+NOT\s+EXISTS\s+)?/i.exec(r.sql);
      if (!m) continue;
      const create = `CREATE ${m[1] ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ` + r.sql.slice(m[0].length);
      if (!m[1]) {
        out.push({ table, name: r.name, create });
        continue;
      }
      // A unique index on plain columns (not expressions, no WHERE): its duplicates can be looked for.
      const cols = await conn.query<{ name: string | null }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [
        r.name,
      ]);
      if (cols.some((c) => c.name == null) || /\bWHERE\b/i.test(r.sql)) continue;
      out.push({ table, name: r.name, create, unique: cols.map((c) => c.name!) });
    }
    return out;
  },
  // One writer at a time: a rebuild aside would only hold the others up.
  rebuildsAside: false,
  async dropIndex(conn, d) {
    await conn.exec(`DROP INDEX IF EXISTS ${quote(d.name)}`);
  },
  async deleteExtras(conn, table, columns, values) {
    // The first row written stays.
    const where = columns.map((c) => `${quote(c)} = ?`).join(' AND ');
    return conn.execute(
      `DELETE FROM ${quote(table)} WHERE rowid IN (SELECT rowid FROM ${quote(table)} WHERE ${where} ORDER BY rowid LIMIT -1 OFFSET 1)`,
      values,
    );
  },
  isDataError(e) {
    const code = String((e as { code?: string }).code ?? '');
    return code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG';
  },
};
