// The SER oracles: databases made by SER 0.9's ser_mysql.sh and SER 2.0's create + data scripts,
// dumped from the catalog. Re-made and checked against the stored fixtures where the scripts
// are at hand (test/kamailio/prepare-upstream.sh); VOIPDB_WRITE_FIXTURES=1 rewrites them.

import { afterAll, describe, expect, test, vi } from 'vitest';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { dumpSchema } from '../kamailio/schema-dump.js';
import { readFixture, tableRows, WRITE_FIXTURES, writeFixture, type Fixture } from '../kamailio/upstream.js';
import { haveSer09, haveSer20, SER20_SEED_TABLES, ser09Create, ser20Create } from './upstream-ser.js';

// MariaDB DDL is slow under load (a table per fsync): allow a loaded CI server its time.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

if (!haveSer09 || !haveSer20)
  console.warn(
    '[voipdb tests] SER upstream scripts not prepared (test/kamailio/prepare-upstream.sh): SER fixture re-check skipped',
  );

const dbs: TestDb[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

function keepOrCompare(name: string, f: Fixture): void {
  if (WRITE_FIXTURES) writeFixture('ser', name, f);
  else {
    const stored = readFixture('ser', name);
    expect(f.schema).toEqual(stored.schema);
    expect(f.data).toEqual(stored.data);
    expect(f.upstreamErrors).toEqual(stored.upstreamErrors);
  }
}

const mariadb = await available('mariadb');
const postgres = await available('postgres');

describe.skipIf(!mariadb || !haveSer09)('SER 0.9 oracle (MariaDB)', () => {
  test('ser_mysql.sh create: 23 tables and the version table with 24 rows', async () => {
    const db = await freshDb('mariadb', 'vt_ser09ref');
    dbs.push(db);
    const conn = await db.connect();
    try {
      await ser09Create(conn);
      const schema = await dumpSchema(conn);
      expect(Object.keys(schema.tables)).toHaveLength(24);
      expect(Object.keys(schema.versionRows)).toHaveLength(24);
      keepOrCompare('ser-0.9-mysql', {
        source: 'rel_0_9_0 scripts/ser_mysql.sh (ser_create), modernised as the ser-0.9 pack documents',
        dialect: 'mysql',
        schema,
      });
    } finally {
      await conn.close();
    }
  });
});

for (const [backend, ok] of [
  ['mariadb', mariadb],
  ['postgres', postgres],
] as const) {
  describe.skipIf(!ok || !haveSer20)(`SER 2.0 oracle (${backend})`, () => {
    test('create + data scripts: 38 tables, the version table, the seed rows', async () => {
      const db = await freshDb(backend, 'vt_ser20ref');
      dbs.push(db);
      const conn = await db.connect();
      try {
        const upstreamErrors = await ser20Create(conn);
        const schema = await dumpSchema(conn);
        expect(Object.keys(schema.tables)).toHaveLength(39);
        const data = Object.fromEntries(
          await Promise.all(SER20_SEED_TABLES.map(async (t) => [t, await tableRows(conn, t)] as const)),
        );
        const dialect = backend === 'mariadb' ? 'mysql' : 'postgres';
        keepOrCompare(`ser-2.0-${dialect}`, {
          source: `rel_2_0_0 scripts/${dialect === 'mysql' ? 'mysql/my' : 'postgres/pg'}_{create,data}.sql`,
          dialect,
          schema,
          data,
          upstreamErrors,
        });
      } finally {
        await conn.close();
      }
    });
  });
}
