import { afterAll, describe, expect, test } from 'vitest';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import { everyOperation, naming } from '../fixtures/schema/every-operation.js';
import { applyOps } from './helpers.js';

for (const b of ALL_BACKENDS) {
  describe.skipIf(!(await available(b)))(b, () => {
    const dbs: TestDb[] = [];
    afterAll(async () => { for (const d of dbs) await d.drop(); });
    test('applies every operation', async () => {
      const db = await freshDb(b); dbs.push(db);
      const conn = await db.connect();
      try {
        const model = await applyOps(conn, everyOperation, undefined, naming);
        expect(Object.keys(model.tables).sort()).toEqual(['cdr', 'ps_endpoints', 'queue_members']);
      } finally { await conn.close(); }
    });
  });
}
