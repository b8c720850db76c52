import { afterAll, describe, expect, it } from 'vitest';
import { readSetHistory, status } from '../../src/engine/index.js';
import { ovirtApply } from '../../src/packs/ovirt/apply.js';
import { ovirtSet } from '../../src/packs/ovirt/set.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { columns, FIXTURE, options, schemaVersionRows } from './helpers.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

for (const backend of ['postgres', 'pglite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`oVirt dbscripts on ${backend}`, () => {
    it('clean install: base files, pre_upgrade, upgrade scripts in order, views and procedures, post_upgrade', async () => {
      const db = await freshDb(backend, 'ovirt');
      created.push(db);
      const conn = await db.connect();
      try {
        const set = ovirtSet(FIXTURE);
        const r = await ovirtApply(conn, set);
        expect(r.installed).toBe(true);
        console.log(r.steps.map((s) => `${s.kind} ${s.version} ${s.script} ${s.state}`).join('\n'));
        const sv = await schemaVersionRows(conn);
        console.log(sv);
        console.log(await options(conn));
        console.log(await columns(conn, 'sip_peers'));
      } finally {
        await conn.close();
      }
    });
  });
}
