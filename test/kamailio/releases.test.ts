// Every Kamailio release from 5.0 to 6.1, every group and lone module, on PostgreSQL, MariaDB
// and SQLite: `voipdb init -O release=X` makes the database X's create scripts make (columns,
// types, defaults, indexes, keys, version rows, helper functions), compared catalog to catalog
// with the scripts run on the same server (reference.ts).

import { afterAll, describe, expect, test, vi } from 'vitest';
import type { DialectName } from '../../src/db/url.js';
import { backendsHere, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { dumpSchema } from './schema-dump.js';
import { everything, modulesFor, REF_RELEASES, referenceDump, referenceModules } from './reference.js';

// MariaDB DDL is slow under load (a table per fsync): allow a loaded CI server its time.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 300_000 });

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
  describe.skipIf(!ok)(`Kamailio releases on ${name}`, () => {
    async function initEquals(release: string, choices: string[]) {
      const oracle = await referenceDump(name, release, modulesFor(release, choices), dbs);
      const db = await freshDb(name, 'vt_kinit');
      dbs.push(db);
      const r = await runCli([
        'init',
        '--pack',
        'kamailio',
        '-O',
        `release=${release}`,
        '-O',
        `groups=${choices.join(',')}`,
        '--url',
        db.url,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const conn = await db.connect();
      try {
        const schema = await dumpSchema(conn);
        expect(Object.keys(schema.tables).sort()).toEqual(Object.keys(oracle.tables).sort());
        for (const t of Object.keys(oracle.tables))
          expect(schema.tables[t], `${DIALECT[name]} ${release} ${t}`).toEqual(oracle.tables[t]);
        return { schema, oracle };
      } finally {
        await conn.close();
      }
    }

    test.each(REF_RELEASES)(`init -O release=%s equals that release's create scripts`, async (release) => {
      const { schema, oracle } = await initEquals(release, everything(release));
      expect(schema.versionRows).toEqual(oracle.versionRows);
      expect(schema.functions).toEqual(oracle.functions);
    });

    test.each(REF_RELEASES.filter((r) => referenceModules(r).includes('ims_dialog')))(
      'ims_dialog alone at %s (it cannot share a database with dialog)',
      async (release) => {
        const { schema, oracle } = await initEquals(release, ['ims_dialog']);
        // kamdbctl's standard script writes the version table's own row; a set without standard does not.
        const { version: _v, ...rows } = oracle.versionRows;
        expect(schema.versionRows).toEqual(rows);
      },
    );
  });
}
