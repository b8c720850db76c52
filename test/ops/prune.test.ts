import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { prune } from '../../src/ops/prune.js';
import { createXivoLike, seedConfig, seedStats, tableText } from '../xivo/schema.js';

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`prune on ${backend}`, () => {
    let db: TestDb;
    let conn: Connection;
    beforeAll(async () => {
      db = await freshDb(backend, 'vt_prune');
      conn = await db.connect();
      await createXivoLike(conn);
      await seedConfig(conn, 'm', 3);
      await seedStats(conn, 'm', 3000);
    });
    afterAll(async () => {
      await conn?.close();
      await db?.drop();
    });

    it('counts what would go in a dry run, touching nothing', async () => {
      const before = await tableText(conn, 'queue_log');
      const r = await prune(conn, { table: 'queue_log', before: '2014-03-01', dryRun: true });
      expect(r.matching).toBe(1000); // months 1 and 2 of six
      expect(await tableText(conn, 'queue_log')).toBe(before);
    });

    it('deletes the old rows in batches and keeps the rest', async () => {
      const keep = await conn.query<{ callid: string }>(
        "SELECT callid FROM queue_log WHERE time >= '2014-03-01' ORDER BY callid",
      );
      const progress: number[] = [];
      const r = await prune(conn, {
        table: 'queue_log',
        before: '2014-03-01',
        batchRows: 150,
        events: (e) => e.type === 'progress' && progress.push(e.done),
      });
      expect(r.deleted).toBe(1000);
      expect(r.batches).toBeGreaterThan(1);
      expect(progress.at(-1)).toBe(1000);
      expect(await conn.query("SELECT 1 FROM queue_log WHERE time < '2014-03-01'")).toEqual([]);
      expect(await conn.query<{ callid: string }>('SELECT callid FROM queue_log ORDER BY callid')).toEqual(keep);
      expect((await prune(conn, { table: 'queue_log', before: '2014-03-01' })).deleted).toBe(0);
    });

    it('names a missing table or column', async () => {
      await expect(prune(conn, { table: 'queue_logs', before: '2014-03-01' })).rejects.toThrow(
        /table queue_logs does not exist/,
      );
      await expect(prune(conn, { table: 'queue_log', column: 'date', before: '2014-03-01' })).rejects.toThrow(
        /no column date/,
      );
    });
  });
}
