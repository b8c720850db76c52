// A database made by oVirt-style tooling (schema_version only, no voipdb history) is adopted as
// it is: nothing re-runs, schema_version is untouched, and later upgrades run only new scripts.

import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { readSetHistory, status } from '../../src/engine/index.js';
import { adoptOvirt } from '../../src/packs/ovirt/adopt.js';
import { ovirtApply } from '../../src/packs/ovirt/apply.js';
import { ovirtPack } from '../../src/packs/ovirt/index.js';
import { ovirtSet } from '../../src/packs/ovirt/set.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { errorOf, FIXTURE, schemaVersionRows, treeCopy } from './helpers.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

/** What schema.sh leaves: the schema and schema_version, no voipdb tables. 01000020 was never recorded (the document's cherry-pick repair). */
async function ovirtMadeDatabase(b: BackendName): Promise<Connection> {
  const db = await freshDb(b, 'ova');
  created.push(db);
  const conn = await db.connect();
  await ovirtApply(conn, ovirtSet(FIXTURE));
  await conn.exec(
    `DROP TABLE voipdb_history; DROP TABLE voipdb_set_options; DELETE FROM schema_version WHERE version = '01000020'`,
  );
  return conn;
}

for (const backend of ['postgres', 'pglite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`adopting an oVirt-made database on ${backend}`, () => {
    it('reads schema_version into the history without running anything, and leaves schema_version as it was', async () => {
      const conn = await ovirtMadeDatabase(backend);
      try {
        expect(await ovirtPack.detect!(conn)).toEqual([{ set: 'ovirt', version: '01010030' }]);
        const before = await schemaVersionRows(conn);
        const r = await adoptOvirt(conn, ovirtSet(FIXTURE));
        expect(r).toMatchObject({ set: 'ovirt', current: '01010030', applied: 7, skipped: 2, editedSinceInstall: [] });
        expect(await schemaVersionRows(conn)).toEqual(before);
        const rows = await readSetHistory(conn, 'ovirt');
        expect(rows.map((x) => `${x.kind} ${x.version ?? ''} ${x.state}`)).toEqual([
          'baseline 01000000 stamped',
          'versioned 01000010 applied',
          'versioned 01000020 skipped',
          'versioned 01000030 applied',
          'versioned 01000040 applied',
          'versioned 01000050 applied',
          'versioned 01000060 applied',
          'versioned 01010010 applied',
          'versioned 01010020 skipped',
          'versioned 01010030 applied',
          'repeatable  applied',
        ]);
        const [st] = await status(conn, [ovirtSet(FIXTURE)]);
        expect(st!.upToDate).toBe(true);
        expect((await ovirtApply(conn, ovirtSet(FIXTURE))).steps).toEqual([]);
        await expect(adoptOvirt(conn, ovirtSet(FIXTURE))).rejects.toThrow(/already has voipdb history/);
      } finally {
        await conn.close();
      }
    });

    it('apply adopts on its own, then runs only what is newer than the database', async () => {
      const conn = await ovirtMadeDatabase(backend);
      try {
        const dir = treeCopy({
          'upgrade/01_01_0040_add_peer_mailbox.sql':
            "select fn_db_add_column('sip_peers', 'mailbox', 'varchar(40)');\n",
        });
        const r = await ovirtApply(conn, ovirtSet(dir));
        expect(r.adopted).toMatchObject({ current: '01010030' });
        expect(r.installed).toBe(false);
        expect(r.steps.filter((s) => s.kind === 'versioned').map((s) => s.version)).toEqual(['01010040']);
        const sv = await schemaVersionRows(conn);
        expect(sv.map((x) => x.version)).not.toContain('01000020');
        expect(sv.at(-1)).toMatchObject({ version: '01010040', state: 'INSTALLED', current: true });
        expect(sv.filter((x) => x.current)).toHaveLength(1);
      } finally {
        await conn.close();
      }
    });

    it('a database without schema_version is not oVirt-made', async () => {
      const db = await freshDb(backend, 'ova');
      created.push(db);
      const conn = await db.connect();
      try {
        expect(await ovirtPack.detect!(conn)).toBeUndefined();
        const e = await errorOf(adoptOvirt(conn, ovirtSet(FIXTURE)));
        expect(e.kind).toBe('not-found');
      } finally {
        await conn.close();
      }
    });
  });
}
