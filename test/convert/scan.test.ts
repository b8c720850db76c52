// Reading a destination table whole (a converter loading what earlier steps wrote): every row, in
// slices, on a plain connection that is left as it was found — also when the reader stops early.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceFor } from '../../src/convert/source/index.js';
import type { Connection } from '../../src/db/connection.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';

const ROWS = 12_000; // more than one slice on every back-end

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`scan on ${backend}`, () => {
    let db: TestDb;
    let conn: Connection;

    beforeAll(async () => {
      db = await freshDb(backend, 'vscan');
      conn = await db.connect();
      await conn.exec('CREATE TABLE names (id INTEGER NOT NULL, name VARCHAR(40) NOT NULL)');
      for (let i = 0; i < ROWS; i += 500) {
        const values = Array.from({ length: 500 }, (_, k) => `(${i + k}, 'näme ${i + k}')`).join(', ');
        await conn.exec(`INSERT INTO names (id, name) VALUES ${values}`);
      }
    });

    afterAll(async () => {
      await conn?.close();
      await db?.drop();
    });

    it('returns every row in slices and leaves no transaction open', async () => {
      const slices: number[] = [];
      const ids = new Set<number>();
      for await (const rows of sourceFor(conn).scan(conn, 'names', ['id', 'name'])) {
        slices.push(rows.length);
        for (const r of rows) {
          expect(r.name).toBe(`näme ${r.id}`);
          ids.add(Number(r.id));
        }
      }
      expect(ids.size).toBe(ROWS);
      expect(slices.length).toBeGreaterThan(1);
      // A transaction left open would keep this row from another connection (PGlite serves only one).
      await conn.exec("INSERT INTO names (id, name) VALUES (-1, 'after')");
      if (backend !== 'pglite') {
        const other = await db.connect();
        try {
          expect(await other.query('SELECT id FROM names WHERE id = -1')).toHaveLength(1);
        } finally {
          await other.close();
        }
      }
      await conn.exec('DELETE FROM names WHERE id = -1');
    });

    it('leaves the connection usable when the reader stops after the first slice', async () => {
      for await (const rows of sourceFor(conn).scan(conn, 'names', ['id'])) {
        expect(rows.length).toBeGreaterThan(0);
        break;
      }
      const [r] = await conn.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM names');
      expect(Number(r!.n)).toBe(ROWS);
    });
  });
}
