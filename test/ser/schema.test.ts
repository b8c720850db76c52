// voipdb's ser-0.9 and ser-2.0 databases equal the ones SER's own scripts make (the fixtures),
// column by column, index by index, version row by version row, seed row by seed row.

import { afterAll, describe, expect, test, vi } from 'vitest';
import { upgrade } from '../../src/engine/index.js';
import { ser09Pack, ser20Pack, SER09_VERSION_ROWS, SER20_VERSION_ROWS } from '../../src/packs/ser/index.js';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { backendsHere, freshDb, uniqueName, type BackendName, type TestDb } from '../helpers/backends.js';
import { dumpSchema } from '../kamailio/schema-dump.js';
import { readFixture, tableRows } from '../kamailio/upstream.js';
import { SER20_SEED_TABLES } from './upstream-ser.js';

// MariaDB DDL is slow under load (a table per fsync): allow a loaded CI server its time.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

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

describe.skipIf(!here.mariadb)('SER users on MariaDB', () => {
  test('grants: ser writes, serro only reads', async () => {
    const conn = await create('mariadb', ser20Pack);
    const db = dbs[dbs.length - 1]!;
    const rw = uniqueName('serrw');
    const ro = uniqueName('serro');
    try {
      const grants = ser20Pack.grants!('mysql', {
        database: db.url.replace(/^.*\//, ''),
        rwUser: rw,
        roUser: ro,
        rwPassword: 'rw-pw-9',
        roPassword: 'ro-pw-9',
      });
      expect(grants.map((g) => g.role)).toEqual([rw, ro]);
      for (const g of grants) for (const s of g.statements) await conn.exec(s);
      const as = (u: string, p: string) => connect(parseTarget(db.url.replace('://root@', `://${u}:${p}@`)));
      const w = await as(rw, 'rw-pw-9');
      await w.execute(
        "INSERT INTO credentials (auth_username, realm, ha1, uid) VALUES ('alice', 'iptel.org', 'x', 'u1')",
      );
      await w.close();
      const r = await as(ro, 'ro-pw-9');
      expect(await r.query('SELECT uid FROM credentials')).toEqual([{ uid: 'u1' }]);
      await expect(r.execute('DELETE FROM credentials')).rejects.toThrow();
      await r.close();
    } finally {
      await conn.exec(`DROP USER IF EXISTS '${rw}'@'%', '${ro}'@'%'`).catch(() => {});
      await conn.close();
    }
  });
});
