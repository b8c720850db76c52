// Offline equals online: `voipdb sql` for each set, applied to an empty database with the
// dialect's own multi-statement execution, gives the schema Asterisk's alembic creates.

import { afterAll, describe, expect, it } from 'vitest';
import { renderSql } from '../../src/engine/index.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { ASTERISK_SETS } from './alembic.js';
import { asteriskSet, expectReference, SERVERS } from './helpers.js';

for (const s of SERVERS) {
  const ok = await available(s.backend);
  describe.skipIf(!ok)(`voipdb sql for asterisk on ${s.backend}`, () => {
    const dbs: TestDb[] = [];
    // Dropping a PostgreSQL database waits for a checkpoint, which a busy server makes slow.
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db.drop()));
    }, 600_000);

    for (const tree of ASTERISK_SETS) {
      it(`${tree}: the offline script gives alembic's schema`, async () => {
        const script = await renderSql([asteriskSet(tree)], s.dialect);
        // The version record is written as alembic writes it.
        expect(script).toContain(`CREATE TABLE IF NOT EXISTS alembic_version_${tree}`);
        const db = await freshDb(s.backend, 'astsql');
        dbs.push(db);
        const conn = await db.connect();
        try {
          await conn.exec(script);
          await expectReference(conn, tree, s.dialect);
        } finally {
          await conn.close();
        }
      });
    }
  });
}
