// An admin can go back to alembic at any time: after voipdb upgrades a set to head, Asterisk's
// own alembic (Debian's python3-alembic on a fetched Asterisk tree) reports head, downgrades a
// step, and voipdb takes over again from where alembic left the database.
// Skipped with a notice when alembic or the Asterisk tree is absent.

import { afterAll, describe, expect, it } from 'vitest';
import { stamp, upgrade } from '../../src/engine/index.js';
import { asteriskPack } from '../../src/packs/asterisk/index.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { alembicAvailable, asteriskTree, runAlembic, type AsteriskSetName } from './alembic.js';
import { asteriskSet, expectReference, SERVERS } from './helpers.js';

const alembicHere = alembicAvailable() && asteriskTree() !== null;
if (!alembicHere)
  console.warn('[asterisk] python3-alembic or the Asterisk tree is absent: the alembic round-trip suite is skipped');

const HEAD: Record<AsteriskSetName, { head: string; previous: string | null }> = {
  config: { head: '2285f2ace275', previous: 'e89e30cee53f' },
  voicemail: { head: '64fae6bbe7fb', previous: '1c55c341360f' },
  cdr: { head: '54cde9847798', previous: '210693f3123d' },
  queue_log: { head: '4105ee839f58', previous: null },
};

for (const s of SERVERS) {
  const ok = alembicHere && (await available(s.backend));
  describe.skipIf(!ok)(`back and forth with alembic on ${s.backend}`, () => {
    const dbs: TestDb[] = [];
    // Dropping a PostgreSQL database waits for a checkpoint, which a busy server makes slow.
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db.drop()));
    }, 600_000);

    for (const tree of ['config', 'cdr', 'queue_log'] as AsteriskSetName[]) {
      it(`${tree}: alembic reads voipdb's record, steps back, and voipdb steps forward again`, async () => {
        const { head, previous } = HEAD[tree];
        const db = await freshDb(s.backend, 'astalm');
        dbs.push(db);
        const conn = await db.connect();
        try {
          const set = asteriskSet(tree);
          await upgrade(conn, [set]);
          expect(runAlembic(tree, db.url, ['current'])).toContain(`${head} (head)`);

          runAlembic(tree, db.url, ['downgrade', '-1']);
          const current = runAlembic(tree, db.url, ['current']).trim();
          if (previous) expect(current).toContain(previous);
          else expect(current).toBe('');

          // voipdb finds the record where alembic left it, follows it, and goes to head again.
          const found = await asteriskPack.detect!(conn);
          expect(found?.find((f) => f.set === set.name)?.version ?? null).toBe(previous);
          await stamp(conn, [set], previous ?? 'base');
          await upgrade(conn, [set]);
          await expectReference(conn, tree, s.dialect);
          expect(runAlembic(tree, db.url, ['current'])).toContain(`${head} (head)`);
        } finally {
          await conn.close();
        }
      });
    }
  });
}
