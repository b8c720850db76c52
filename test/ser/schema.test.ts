// voipdb's ser-0.9 and ser-2.0 databases equal the ones SER's own scripts make (the fixtures),
// column by column, index by index, version row by version row, seed row by seed row.

import { afterAll, describe, expect, test } from 'vitest';
import { upgrade } from '../../src/engine/index.js';
import { ser09Pack, ser20Pack, SER09_VERSION_ROWS, SER20_VERSION_ROWS } from '../../src/packs/ser/index.js';
import { backendsHere, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { dumpSchema } from '../kamailio/schema-dump.js';
import { readFixture, tableRows } from '../kamailio/upstream.js';
import { SER20_SEED_TABLES } from './upstream-ser.js';

const dbs: TestDb[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

async function create(backend: BackendName, pack: typeof ser09Pack) {
  const db = await freshDb(backend, 'vt_ser');
  dbs.push(db);
  const conn = await db.connect();
  await upgrade(conn, await pack.sets());
  return conn;
}

const here = Object.fromEntries((await backendsHere()).map((b) => [b.name, b.ok])) as Record<BackendName, boolean>;

describe.skipIf(!here.mariadb)('ser-0.9 on MariaDB', () => {
  test('equals ser_mysql.sh create: 23 tables + version, 24 version rows', async () => {
    const conn = await create('mariadb', ser09Pack);
    try {
      const schema = await dumpSchema(conn);
      const oracle = readFixture('ser', 'ser-0.9-mysql').schema;
      for (const t of Object.keys(oracle.tables)) expect(schema.tables[t], t).toEqual(oracle.tables[t]);
      expect(schema).toEqual(oracle);
      expect(schema.versionRows).toEqual(SER09_VERSION_ROWS);
      expect(await ser09Pack.detect!(conn)).toEqual([{ set: 'ser-0.9', version: '1' }]);
    } finally {
      await conn.close();
    }
  });
});

for (const backend of ['mariadb', 'postgres', 'pglite'] as const) {
  describe.skipIf(!here[backend])(`ser-2.0 on ${backend}`, () => {
    test('equals the create + data scripts: 38 tables + version, rows, seed data', async () => {
      const conn = await create(backend, ser20Pack);
      try {
        const schema = await dumpSchema(conn);
        const fx = readFixture('ser', `ser-2.0-${conn.dialect}`);
        for (const t of Object.keys(fx.schema.tables)) expect(schema.tables[t], t).toEqual(fx.schema.tables[t]);
        expect(schema).toEqual(fx.schema);
        expect(schema.versionRows).toEqual(SER20_VERSION_ROWS);
        for (const t of SER20_SEED_TABLES) expect(await tableRows(conn, t), t).toEqual(fx.data![t]);
        expect(await ser20Pack.detect!(conn)).toEqual([{ set: 'ser-2.0', version: '2' }]);
      } finally {
        await conn.close();
      }
    });
  });
}
