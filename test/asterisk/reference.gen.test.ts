// Regenerates the reference fixtures from Asterisk's own alembic (run only on demand):
//   VOIPDB_ASTERISK_REGEN=1 [VOIPDB_ASTERISK_TREE=.../contrib/ast-db-manage] npx vitest run test/asterisk/reference.gen.test.ts
// For each set and server: alembic upgrade head on a fresh database, then the catalog dump as JSON;
// for config also the middle revision; and alembic's offline --sql output (data, not code).

import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDb, available, type BackendName } from '../helpers/backends.js';
import { dumpSchema } from './schema-dump.js';
import { ASTERISK_SETS, alembicAvailable, asteriskTree, runAlembic } from './alembic.js';
import { CONFIG_MIDDLE } from './fixtures.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/asterisk');
const wanted = process.env.VOIPDB_ASTERISK_REGEN === '1';
const ready = wanted && alembicAvailable() && asteriskTree() !== null;
if (wanted && !ready) console.warn('[asterisk] cannot regenerate: python3-alembic or the Asterisk tree is missing');

const servers: { backend: BackendName; name: 'postgres' | 'mysql'; offline: string }[] = [
  { backend: 'postgres', name: 'postgres', offline: 'postgresql://x@localhost/x' },
  { backend: 'mariadb', name: 'mysql', offline: 'mysql://x@localhost/x' },
];

describe.skipIf(!ready)('asterisk reference fixtures (alembic)', () => {
  mkdirSync(FIXTURES, { recursive: true });
  for (const s of servers) {
    for (const set of ASTERISK_SETS) {
      it(`${set} on ${s.name}`, async () => {
        if (!(await available(s.backend))) return;
        const db = await freshDb(s.backend, 'astref');
        try {
          runAlembic(set, db.url, ['upgrade', 'head']);
          const conn = await db.connect();
          const dump = await dumpSchema(conn);
          await conn.close();
          writeFileSync(join(FIXTURES, `reference-${set}-${s.name}.json`), JSON.stringify(dump, null, 1) + '\n');
          expect(Object.keys(dump.versions)).toEqual([`alembic_version_${set}`]);
        } finally {
          await db.drop();
        }
        const up = runAlembic(set, s.offline, ['upgrade', 'head', '--sql']);
        writeFileSync(join(FIXTURES, `alembic-${set}-${s.name}.sql`), stripLog(up));
      });
    }
    it(`config middle (${CONFIG_MIDDLE}) on ${s.name}`, async () => {
      if (!(await available(s.backend))) return;
      const db = await freshDb(s.backend, 'astref');
      try {
        runAlembic('config', db.url, ['upgrade', CONFIG_MIDDLE]);
        const conn = await db.connect();
        const dump = await dumpSchema(conn);
        await conn.close();
        writeFileSync(join(FIXTURES, `reference-config-middle-${s.name}.json`), JSON.stringify(dump, null, 1) + '\n');
      } finally {
        await db.drop();
      }
      // alembic's downgrades are not exact inverses: head then back to the middle is its own reference.
      const back = await freshDb(s.backend, 'astref');
      try {
        runAlembic('config', back.url, ['upgrade', 'head']);
        runAlembic('config', back.url, ['downgrade', CONFIG_MIDDLE]);
        const conn = await back.connect();
        const dump = await dumpSchema(conn);
        await conn.close();
        writeFileSync(
          join(FIXTURES, `reference-config-down-middle-${s.name}.json`),
          JSON.stringify(dump, null, 1) + '\n',
        );
      } finally {
        await back.drop();
      }
      const mid = runAlembic('config', s.offline, ['upgrade', CONFIG_MIDDLE, '--sql']);
      writeFileSync(join(FIXTURES, `alembic-config-middle-${s.name}.sql`), stripLog(mid));
    });
  }
});

/** alembic prints its INFO log on stderr; keep only the SQL (stdout comes first, then the log lines). */
function stripLog(out: string): string {
  return (
    out
      .split('\n')
      .filter((l) => !/^(INFO|WARNI|ERROR|DEBUG)\s*\[/.test(l))
      .join('\n')
      .trimEnd() + '\n'
  );
}
