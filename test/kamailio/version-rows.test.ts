// Kamailio's `version` rows are part of the schema: written in the same step as the table
// change, named by checkVersionRows when they disagree, read back by detect() for adopt.

import { afterAll, describe, expect, test, vi } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { downgrade, stamp, status, upgrade } from '../../src/engine/index.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { checkVersionRows, detectKamailio, GROUPS, kamailioPack, kamailioSet } from '../../src/packs/kamailio/index.js';
import { VersionTable, versionTableOf } from '../../src/packs/kamailio/version-table.js';
import { ser09Pack } from '../../src/packs/ser/index.js';
import { col, t } from '../../src/schema/operations.js';
import { backendsHere, freshDb, uniqueName, type TestDb } from '../helpers/backends.js';
import { dumpSchema, readVersionRowsDump } from './schema-dump.js';
import { kamailioScriptsDir, kamdbctlCreate } from './upstream.js';

// MariaDB DDL is slow under load (a table per fsync): allow a loaded CI server its time.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const dbs: TestDb[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

/** The standard set plus a release step that changes `location` and moves its row to 10. */
function withLocationStep(failing = false): ScriptSet {
  const base = kamailioSet('standard', '5.6');
  const vt = versionTableOf(base)!;
  return {
    ...base,
    migrations: [
      ...base.migrations,
      {
        version: '5.7-test',
        description: 'location gets a column (test release)',
        kind: 'versioned',
        script: 'test/location@5.7-test',
        up: {
          ops: (op) => {
            op.addColumn('location', col('test_col', t.integer(), { nullable: false, default: { value: 0 } }));
            if (failing) op.sql('SELECT * FROM no_such_table_here');
          },
        },
        down: { ops: (op) => op.dropColumn('location', 'test_col') },
      },
    ],
    versionRecords: [new VersionTable({ ...vt.opts, steps: { ...vt.opts.steps, '5.7-test': { location: 10 } } })],
  };
}

const scripts = kamailioScriptsDir();

for (const { name, ok } of await backendsHere()) {
  describe.skipIf(!ok)(`Kamailio version rows on ${name}`, () => {
    test('checkVersionRows names each row that disagrees, and nothing when all agree', async () => {
      const db = await freshDb(name, 'vt_kamv');
      dbs.push(db);
      const conn = await db.connect();
      try {
        const sets = await kamailioPack.sets({ groups: 'standard,presence', release: '5.6' });
        await upgrade(conn, sets);
        expect(await checkVersionRows(conn, sets)).toEqual([]);
        // A table whose row is right and shape is another release's: named with the releases it fits.
        await conn.exec(
          conn.dialect === 'mysql' ? 'DROP INDEX tcpcon_idx ON location' : 'DROP INDEX location_tcpcon_idx',
        );
        expect(await checkVersionRows(conn, sets)).toEqual([
          'table location: version row 9 and shape of 5.1–5.5 (5.6 has row 9)',
        ]);
        await conn.exec(
          'CREATE INDEX ' +
            (conn.dialect === 'mysql' ? 'tcpcon_idx' : 'location_tcpcon_idx') +
            ' ON location (connection_id)',
        );
        await conn.execute("UPDATE version SET table_version = 8 WHERE table_name = 'location'");
        await conn.execute("DELETE FROM version WHERE table_name = 'presentity'");
        expect(await checkVersionRows(conn, sets)).toEqual([
          `version row for "location" says 8, the schema is at 9 (Kamailio's usrloc refuses to start)`,
          `version row for "presentity" is missing, the schema is at 5 (Kamailio's presence refuses to start)`,
        ]);
        // detect no longer recognises the two groups as made by kamdbctl 5.6, and names the tables that disagree
        const found = await detectKamailio(conn);
        expect(found!.map((f) => [f.set, f.version])).toEqual([
          ['kamailio/standard', null],
          ['kamailio/presence', null],
        ]);
        expect(found![0]!.note).toMatch(/^closest to Kamailio .*location: version row 8/);
        expect(found![1]!.note).toMatch(/presentity: no single version row/);
      } finally {
        await conn.close();
      }
    });

    test('a table change and its version row move together, up and down', async () => {
      const db = await freshDb(name, 'vt_kamv');
      dbs.push(db);
      const conn = await db.connect();
      try {
        const set = withLocationStep();
        await upgrade(conn, [set], '5.6');
        expect((await readVersionRowsDump(conn)).location).toBe(9);
        await upgrade(conn, [set]);
        expect((await readVersionRowsDump(conn)).location).toBe(10);
        expect((await dumpSchema(conn)).tables.location!.columns.map((c) => c.name)).toContain('test_col');
        expect(await checkVersionRows(conn, [set])).toEqual([]);
        expect(await checkVersionRows(conn, [set], { 'kamailio/standard': '5.6' })).toEqual([
          `version row for "location" says 10, the schema is at 9 (Kamailio's usrloc refuses to start)`,
        ]);
        await downgrade(conn, [set], '5.6');
        expect((await readVersionRowsDump(conn)).location).toBe(9);
        expect((await dumpSchema(conn)).tables.location!.columns.map((c) => c.name)).not.toContain('test_col');
      } finally {
        await conn.close();
      }
    });

    test.skipIf(name !== 'postgres' && name !== 'sqlite' && name !== 'pglite')(
      'a failed step leaves both the table and its row as they were (transactional DDL)',
      async () => {
        const db = await freshDb(name, 'vt_kamv');
        dbs.push(db);
        const conn = await db.connect();
        try {
          const set = withLocationStep(true);
          await upgrade(conn, [set], '5.6');
          await expect(upgrade(conn, [set])).rejects.toThrow(/no_such_table_here/);
          expect((await readVersionRowsDump(conn)).location).toBe(9);
          expect((await dumpSchema(conn)).tables.location!.columns.map((c) => c.name)).not.toContain('test_col');
        } finally {
          await conn.close();
        }
      },
    );

    test.skipIf(!scripts)(
      'adopt: a database kamdbctl made is recognised and stamped without running anything',
      async () => {
        const db = await freshDb(name, 'vt_kamadopt');
        dbs.push(db);
        const conn = await db.connect();
        try {
          // kamdbctl create, answering yes to presence only
          await kamdbctlCreate(conn, scripts!, [...GROUPS.standard!, ...GROUPS.presence!]);
          const before = await dumpSchema(conn);
          const found = await kamailioPack.detect!(conn);
          // standard's tables are the same from 5.6 to 6.0, presence's from 5.3 to 5.6: the database is at 5.6
          expect(found!.map((f) => [f.set, f.version, f.note])).toEqual([
            ['kamailio/standard', '5.6', 'Kamailio 5.6; its tables are the same in 5.6–6.0'],
            ['kamailio/presence', '5.6', 'Kamailio 5.6; its tables are the same in 5.3–5.6'],
          ]);
          const sets = await kamailioPack.sets({
            groups: found!.map((f) => f.set.split('/')[1]).join(','),
            release: '5.6',
          });
          await stamp(conn, sets, '5.6');
          expect(await dumpSchema(conn)).toEqual(before);
          const states = await status(conn, sets);
          expect(states.map((s) => [s.set.name, s.current, s.pending.length])).toEqual([
            ['kamailio/standard', '5.6', 0],
            ['kamailio/presence', '5.6', 0],
          ]);
          expect((await upgrade(conn, sets)).steps).toEqual([]);
          expect(await checkVersionRows(conn, sets)).toEqual([]);
        } finally {
          await conn.close();
        }
      },
    );
  });
}

const here = Object.fromEntries((await backendsHere(['postgres', 'mariadb'])).map((b) => [b.name, b.ok]));

for (const backend of ['postgres', 'mariadb'] as const) {
  describe.skipIf(!here[backend])(`kamdbctl's users on ${backend}`, () => {
    test('grants: the read-write user inserts (sequences included), the read-only user only reads', async () => {
      const db = await freshDb(backend, 'vt_kamgr');
      dbs.push(db);
      const admin = await db.connect();
      const rw = uniqueName('kamrw');
      const ro = uniqueName('kamro');
      const dbName = db.url.replace(/^.*\//, '');
      try {
        await upgrade(admin, await kamailioPack.sets({ groups: 'standard,extra' }));
        const grants = kamailioPack.grants!(admin.dialect, {
          groups: 'standard,extra',
          rwUser: rw,
          roUser: ro,
          rwPassword: 'rw-secret-1',
          roPassword: 'ro-secret-1',
          database: dbName,
          host: '%',
        });
        expect(grants.map((g) => g.role)).toEqual([rw, ro]);
        for (const g of grants) for (const s of g.statements) await admin.exec(s);
        const as = async (user: string, pw: string) =>
          connect(
            parseTarget(db.url.replace('://root@', `://${user}:${pw}@`).replace('://postgres@', `://${user}:${pw}@`)),
          );
        const w = await as(rw, 'rw-secret-1');
        await w.execute(
          "INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('alice', 'example.org', 'pw', 'x', 'y')",
        );
        await w.execute("INSERT INTO dr_gateways (type, address) VALUES (1, '127.0.0.1')");
        await w.close();
        const r = await as(ro, 'ro-secret-1');
        expect(await r.query('SELECT username FROM subscriber')).toEqual([{ username: 'alice' }]);
        await expect(
          r.execute("INSERT INTO subscriber (username, domain) VALUES ('bob', 'example.org')"),
        ).rejects.toThrow();
        await r.close();
      } finally {
        if (backend === 'postgres') {
          await admin.exec(`DROP OWNED BY ${rw}; DROP OWNED BY ${ro}`).catch(() => {});
          await admin.exec(`DROP USER IF EXISTS ${rw}; DROP USER IF EXISTS ${ro}`).catch(() => {});
        } else {
          await admin.exec(`DROP USER IF EXISTS '${rw}'@'%', '${ro}'@'%'`).catch(() => {});
        }
        await admin.close();
      }
    });
  });
}

describe.skipIf(!here.mariadb)('SER 0.9 version table (no key)', () => {
  test('a duplicated row is named; adopt-style stamping leaves one row per table', async () => {
    const db = await freshDb('mariadb', 'vt_ser09v');
    dbs.push(db);
    const conn = await db.connect();
    try {
      const sets = await ser09Pack.sets();
      await upgrade(conn, sets);
      await conn.execute("INSERT INTO version VALUES ('location', 6)");
      expect(await checkVersionRows(conn, sets)).toEqual([
        `version has 2 rows for "location", the schema is at 6 (SER's usrloc refuses to start)`,
      ]);
      const vt = versionTableOf(sets[0]!)!;
      for (const s of vt.write('mysql', sets[0]!.migrations[0]!, 'up', sets[0]!)) await conn.exec(s);
      expect(await checkVersionRows(conn, sets)).toEqual([]);
    } finally {
      await conn.close();
    }
  });
});
