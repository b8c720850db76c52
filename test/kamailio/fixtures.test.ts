// The oracle itself: a database made by Kamailio 5.6's own create scripts, in kamdbctl's order,
// dumped from the server's catalog. Where the scripts are at hand (a prepared upstream tree, or
// Debian's kamailio package in /usr/share/kamailio) this test re-makes that database and checks
// the stored fixture still says the same; VOIPDB_WRITE_FIXTURES=1 rewrites the fixture instead.

import { afterAll, describe, expect, test, vi } from 'vitest';
import type { DialectName } from '../../src/db/url.js';
import { backendsHere, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { dumpSchema } from './schema-dump.js';
import { kamailioScriptsDir, kamdbctlCreate, readFixture, WRITE_FIXTURES, writeFixture } from './upstream.js';

// MariaDB DDL is slow under load (a table per fsync): allow a loaded CI server its time.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const dir = kamailioScriptsDir();
if (!dir)
  console.warn(
    '[voipdb tests] Kamailio create scripts not found (VOIPDB_UPSTREAM_DIR or /usr/share/kamailio): fixture re-check skipped',
  );

const DIALECT: Record<BackendName, DialectName> = {
  postgres: 'postgres',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  pglite: 'postgres',
};
const dbs: TestDb[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

for (const { name, ok } of await backendsHere(['postgres', 'mariadb', 'sqlite'])) {
  describe.skipIf(!ok || !dir)(`Kamailio 5.6 oracle on ${name}`, () => {
    test('kamdbctl create (all 44 module scripts) makes the database the fixture describes', async () => {
      const db = await freshDb(name, 'vt_kamref');
      dbs.push(db);
      const conn = await db.connect();
      try {
        await kamdbctlCreate(conn, dir!);
        const schema = await dumpSchema(conn);
        expect(Object.keys(schema.tables)).toHaveLength(71);
        if (WRITE_FIXTURES) {
          writeFixture('kamailio', `5.6-${DIALECT[name]}`, {
            source: `${dir}/${DIALECT[name] === 'sqlite' ? 'db_sqlite' : DIALECT[name]}/*-create.sql (Kamailio 5.6), kamdbctl order`,
            dialect: DIALECT[name],
            schema,
          });
        } else {
          expect(schema).toEqual(readFixture('kamailio', `5.6-${DIALECT[name]}`).schema);
        }
      } finally {
        await conn.close();
      }
    });
  });
}
