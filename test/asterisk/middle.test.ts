// A database alembic brought to a middle revision of `config`, then taken over by voipdb
// (adopt: the pack detects alembic's record, voipdb stamps its history to it) and upgraded to
// head, has the head schema; downgrading to base leaves only the version table.
// Two ways to the middle: Asterisk's own alembic when it is here (python3-alembic and a fetched
// Asterisk tree), and always alembic's stored offline script, which records the revision in
// the plain `alembic_version` table that env.py renames on first contact.

import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { downgrade, stamp, upgrade } from '../../src/engine/index.js';
import { asteriskPack } from '../../src/packs/asterisk/index.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { alembicAvailable, asteriskTree, runAlembic } from './alembic.js';
import { alembicSql, CONFIG_MIDDLE, referenceDump } from './fixtures.js';
import { asteriskSet, expectSameSchema, schemaOf, SERVERS } from './helpers.js';

const alembicHere = alembicAvailable() && asteriskTree() !== null;
if (!alembicHere)
  console.warn('[asterisk] python3-alembic or the Asterisk tree is absent: the live-alembic middle case is skipped');

/** What `voipdb adopt --pack asterisk` does: read alembic's record, stamp voipdb's history to it. */
async function adopt(conn: Connection): Promise<string | null> {
  const found = await asteriskPack.detect!(conn);
  const config = found?.find((f) => f.set === 'asterisk/config');
  expect(config?.version).toBe(CONFIG_MIDDLE);
  await stamp(conn, [asteriskSet('config')], config!.version!);
  return config!.version;
}

async function upgradeThenBase(conn: Connection, dialect: 'postgres' | 'mysql', legacyPk: boolean): Promise<void> {
  const set = asteriskSet('config');
  await upgrade(conn, [set]);
  const expected = referenceDump('config', dialect);
  if (legacyPk && dialect === 'postgres') {
    // env.py renames the table; PostgreSQL keeps the constraint's name from alembic_version.
    expected.tables['alembic_version_config']!.primaryKey!.name = 'alembic_version_pkc';
  }
  expectSameSchema(await schemaOf(conn), expected);

  await downgrade(conn, [set], 'base');
  const after = await schemaOf(conn);
  expect(Object.keys(after.tables)).toEqual(['alembic_version_config']);
  expect(after.enums).toEqual({});
  expect(after.versions).toEqual({ alembic_version_config: [] });
}

for (const s of SERVERS) {
  const ok = await available(s.backend);
  describe.skipIf(!ok)(`config from the middle on ${s.backend}`, () => {
    const dbs: TestDb[] = [];
    // Dropping a PostgreSQL database waits for a checkpoint, which a busy server makes slow.
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db.drop()));
    }, 600_000);

    it("alembic's offline script to the middle (legacy alembic_version), then voipdb to head and back to base", async () => {
      const script = alembicSql('config-middle', s.dialect);
      expect(script).not.toBeNull();
      const db = await freshDb(s.backend, 'astmid');
      dbs.push(db);
      const conn = await db.connect();
      try {
        await conn.exec(script!);
        // The middle schema alembic made is the one voipdb would make: the stored reference.
        const mid = await schemaOf(conn);
        const midRef = referenceDump('config-middle', s.dialect);
        delete midRef.tables['alembic_version_config'];
        midRef.versions = {};
        delete mid.tables['alembic_version'];
        mid.versions = {};
        expectSameSchema(mid, midRef);

        await adopt(conn);
        const tables = Object.keys((await schemaOf(conn)).tables);
        expect(tables).toContain('alembic_version_config');
        expect(tables).not.toContain('alembic_version');
        await upgradeThenBase(conn, s.dialect, true);
      } finally {
        await conn.close();
      }
    });

    it("voipdb to head then down to the middle gives the schema alembic's own downgrade gives", async () => {
      const db = await freshDb(s.backend, 'astmid');
      dbs.push(db);
      const conn = await db.connect();
      try {
        const set = asteriskSet('config');
        await upgrade(conn, [set]);
        await downgrade(conn, [set], CONFIG_MIDDLE);
        // alembic's downgrades are not exact inverses (pjsip ids stay nullable, a width is not restored):
        // the reference is alembic's own head-then-downgrade.
        expectSameSchema(await schemaOf(conn), referenceDump('config-down-middle', s.dialect));
      } finally {
        await conn.close();
      }
    });

    it.skipIf(!alembicHere)("Asterisk's alembic to the middle, then voipdb to head and back to base", async () => {
      const db = await freshDb(s.backend, 'astmid');
      dbs.push(db);
      runAlembic('config', db.url, ['upgrade', CONFIG_MIDDLE]);
      const conn = await db.connect();
      try {
        await adopt(conn);
        await upgradeThenBase(conn, s.dialect, false);
      } finally {
        await conn.close();
      }
    });
  });
}
