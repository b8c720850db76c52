// For each of Asterisk's four sets, on PostgreSQL, MariaDB and PGlite: the schema voipdb creates
// at head is the schema Asterisk's own alembic creates (stored reference, test/fixtures/asterisk),
// and downgrading to base leaves only the version table. On SQLite (Asterisk's res_config_sqlite3;
// alembic cannot run the scripts there) the tables and columns are the same.

import { afterAll, describe, expect, it } from 'vitest';
import { downgrade, upgrade } from '../../src/engine/index.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { ASTERISK_SETS } from './alembic.js';
import { referenceDump } from './fixtures.js';
import { asteriskSet, expectReference, schemaOf, SERVERS } from './helpers.js';
import { shapeOf, sqliteShape } from './schema-dump.js';

for (const s of [...SERVERS, { backend: 'pglite' as const, dialect: 'postgres' as const }]) {
  const ok = await available(s.backend);
  describe.skipIf(!ok)(`asterisk sets on ${s.backend}`, () => {
    const dbs: TestDb[] = [];
    // Dropping a PostgreSQL database waits for a checkpoint, which a busy server makes slow.
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db.drop()));
    }, 600_000);

    for (const tree of ASTERISK_SETS) {
      it(`${tree}: upgrade head equals alembic's schema; downgrade base leaves the version table`, async () => {
        const db = await freshDb(s.backend, 'ast');
        dbs.push(db);
        const conn = await db.connect();
        try {
          const set = asteriskSet(tree);
          await upgrade(conn, [set]);
          await expectReference(conn, tree, s.dialect);

          await downgrade(conn, [set], 'base');
          const after = await schemaOf(conn);
          expect(Object.keys(after.tables)).toEqual([`alembic_version_${tree}`]);
          expect(after.enums).toEqual({});
          expect(after.versions).toEqual({ [`alembic_version_${tree}`]: [] });
        } finally {
          await conn.close();
        }
      });
    }
  });
}

describe('asterisk sets on sqlite', () => {
  for (const tree of ASTERISK_SETS) {
    it(`${tree}: the same tables and columns as alembic's, and back to base`, async () => {
      const db = await freshDb('sqlite', 'ast');
      const conn = await db.connect();
      try {
        const set = asteriskSet(tree);
        await upgrade(conn, [set]);
        const shape = await sqliteShape(conn);
        for (const k of Object.keys(shape)) if (k.startsWith('voipdb_')) delete shape[k];
        expect(shape).toEqual(shapeOf(referenceDump(tree, 'postgres')));
        await downgrade(conn, [set], 'base');
        expect(Object.keys(await sqliteShape(conn)).filter((k) => !k.startsWith('voipdb_'))).toEqual([
          `alembic_version_${tree}`,
        ]);
      } finally {
        await conn.close();
        await db.drop();
      }
    });
  }
});
