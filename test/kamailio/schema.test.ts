// voipdb's Kamailio 5.6 database equals the one Kamailio's own create scripts make: column by
// column, index by index, version row by version row (the fixture is that database's dump).

import { afterAll, describe, expect, test, vi } from 'vitest';
import type { DialectName } from '../../src/db/url.js';
import { upgrade } from '../../src/engine/index.js';
import { GROUPS, kamailioPack } from '../../src/packs/kamailio/index.js';
import { tablesOf } from '../../src/packs/kamailio/groups.js';
import { backendsHere, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { dumpSchema } from './schema-dump.js';
import { onlyTables, readFixture } from './upstream.js';

// MariaDB DDL is slow under load (a table per fsync): allow a loaded CI server its time.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

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

async function made(backend: BackendName, groups: string[]) {
  const db = await freshDb(backend, 'vt_kam');
  dbs.push(db);
  const conn = await db.connect();
  try {
    const sets = await kamailioPack.sets({ groups, release: '5.6' });
    const r = await upgrade(conn, sets);
    return { schema: await dumpSchema(conn), steps: r.steps };
  } finally {
    await conn.close();
  }
}

for (const { name, ok } of await backendsHere()) {
  describe.skipIf(!ok)(`Kamailio 5.6 schema on ${name}`, () => {
    const oracle = readFixture('kamailio', `5.6-${DIALECT[name]}`).schema;

    test('every group (standard, presence, extra, uid) and matrix: equal to kamdbctl create', async () => {
      const { schema, steps } = await made(name, [...Object.keys(GROUPS), 'matrix']);
      expect(steps.map((s) => s.set)).toEqual([
        'kamailio/standard',
        'kamailio/presence',
        'kamailio/extra',
        'kamailio/uid',
        'kamailio/matrix',
      ]);
      expect(Object.keys(schema.tables).sort()).toEqual(Object.keys(oracle.tables).sort());
      for (const t of Object.keys(oracle.tables)) {
        expect(schema.tables[t]!.columns, `${t} columns`).toEqual(oracle.tables[t]!.columns);
        expect(schema.tables[t]!.indexes, `${t} indexes`).toEqual(oracle.tables[t]!.indexes);
        expect(schema.tables[t]!.constraints, `${t} constraints`).toEqual(oracle.tables[t]!.constraints);
      }
      expect(schema.versionRows).toEqual(oracle.versionRows);
      expect(schema.functions).toEqual(oracle.functions);
    });

    test('the default choice is the standard group alone, as kamdbctl create without extras', async () => {
      const { schema } = await made(name, []);
      const standard = tablesOf('standard', '5.6').map((t) => t.name);
      expect(schema).toEqual(onlyTables(oracle, standard));
      expect(Object.keys(schema.versionRows)).toHaveLength(standard.length);
    });
  });
}
