// Every Kamailio release from 5.0 to 6.1, every group and lone module, on PostgreSQL, MariaDB
// and SQLite: `voipdb init -O release=X` makes the database X's create scripts make (columns,
// types, defaults, indexes, keys, version rows, helper functions), compared catalog to catalog
// with the scripts run on the same server (reference.ts).

import { afterAll, describe, expect, test, vi } from 'vitest';
import type { DialectName } from '../../src/db/url.js';
import { modulesOf } from '../../src/packs/kamailio/groups.js';
import { GROUPS } from '../../src/packs/kamailio/index.js';
import type { Release } from '../../src/packs/kamailio/release.js';
import { backendsHere, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { dumpSchema, type SchemaDump } from './schema-dump.js';
import { REF_RELEASES, referenceCreate, referenceModules } from './reference.js';

// MariaDB DDL is slow under load (a table per fsync): allow a loaded CI server its time.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 300_000 });

const DIALECT: Record<BackendName, DialectName> = { postgres: 'postgres', mariadb: 'mysql', sqlite: 'sqlite', pglite: 'postgres' };
const dbs: TestDb[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

/** Modules that cannot share a database with the groups (ims_dialog has a dialog_vars of its own): tested alone. */
const ALONE = ['ims_dialog'];

/** Every group and every module in none, at a release: all that can share one database. */
export function everything(release: string): string[] {
  const grouped = new Set(Object.keys(GROUPS).flatMap((g) => modulesOf(g, release as Release)));
  return [...Object.keys(GROUPS), ...referenceModules(release).filter((m) => !grouped.has(m) && !ALONE.includes(m))];
}

/** The modules those choices create, for the reference database. */
function modulesFor(release: string, choices: string[]): string[] {
  return ['standard', ...choices.flatMap((c) => modulesOf(c, release as Release)).filter((m) => m !== 'standard')];
}

export async function referenceDump(backend: BackendName, release: string, modules?: string[]): Promise<SchemaDump> {
  const db = await freshDb(backend, 'vt_kref');
  dbs.push(db);
  const conn = await db.connect();
  try {
    await referenceCreate(conn, release, modules);
    return await dumpSchema(conn);
  } finally {
    await conn.close();
  }
}

for (const { name, ok } of await backendsHere(['postgres', 'mariadb', 'sqlite'])) {
  describe.skipIf(!ok)(`Kamailio releases on ${name}`, () => {
    async function initEquals(release: string, choices: string[]) {
      const oracle = await referenceDump(name, release, modulesFor(release, choices));
      const db = await freshDb(name, 'vt_kinit');
      dbs.push(db);
      const r = await runCli(['init', '--pack', 'kamailio', '-O', `release=${release}`, '-O', `groups=${choices.join(',')}`, '--url', db.url, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const conn = await db.connect();
      try {
        const schema = await dumpSchema(conn);
        expect(Object.keys(schema.tables).sort()).toEqual(Object.keys(oracle.tables).sort());
        for (const t of Object.keys(oracle.tables)) expect(schema.tables[t], `${DIALECT[name]} ${release} ${t}`).toEqual(oracle.tables[t]);
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

    test.each(REF_RELEASES.filter((r) => referenceModules(r).includes('ims_dialog')))('ims_dialog alone at %s (it cannot share a database with dialog)', async (release) => {
      const { schema, oracle } = await initEquals(release, ['ims_dialog']);
      // kamdbctl's standard script writes the version table's own row; a set without standard does not.
      const { version: _v, ...rows } = oracle.versionRows;
      expect(schema.versionRows).toEqual(rows);
    });
  });
}
