// check: drift is looked for in sets written as operations (against their model) and in SQL sets
// (against the schema recorded after their last upgrade, issue 22 defect 9).

import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { upgrade } from '../../src/engine/index.js';
import { loadDirectorySet } from '../../src/engine/sources.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { col, t } from '../../src/schema/operations.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { writeSet } from './fixtures.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

const shop: ScriptSet = {
  name: 'shop',
  migrations: [
    {
      version: '1',
      description: 'items',
      kind: 'versioned',
      script: '1',
      up: {
        ops: (op) =>
          op.createTable('shop_items', [col('id', t.integer(), { primaryKey: true }), col('label', t.string(20))]),
      },
    },
  ],
};

for (const backend of ['postgres', 'sqlite'] as const) {
  describe.skipIf(!(await available(backend)))(`check on ${backend}`, () => {
    it('reports a hand-made change to an operations set and to an SQL set as drift', async () => {
      const db = await freshDb(backend, 'chk');
      created.push(db);
      const conn = await db.connect();
      try {
        const app = await loadDirectorySet(
          writeSet({ 'V1__notes.sql': 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(80));\n' }),
        );
        await upgrade(conn, [shop, app]);
        expect((await check(conn, [shop, app])).map((s) => [s.set.name, s.upToDate, s.problems])).toEqual([
          ['shop', true, []],
          ['app', true, []],
        ]);
        await conn.exec('ALTER TABLE shop_items DROP COLUMN label');
        await conn.exec('ALTER TABLE notes DROP COLUMN body');
        const [s, a] = await check(conn, [shop, app]);
        expect([s!.upToDate, s!.problems.map((p) => [p.kind, p.message])]).toEqual([
          false,
          [['drift', 'column shop_items.label: missing']],
        ]);
        expect([a!.upToDate, a!.problems.map((p) => [p.kind, p.message])]).toEqual([
          false,
          [['drift', 'column notes.body: missing']],
        ]);
        expect((await check(conn, [shop, app], { drift: false })).every((st) => st.upToDate)).toBe(true);
      } finally {
        await conn.close();
      }
    });
  });
}
