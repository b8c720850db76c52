// Writes the 14.08 reference catalogs from the databases scripts/xivo-tools.py left behind (run only
// on demand, after that script):
//   VOIPDB_XIVO_REGEN=1 npx vitest run test/xivo/reference.gen.test.ts
// reference-init-14.08.json     xivo-init-db --init (xivoref_init)
// reference-upgrade-14.08.json  14.07 upgraded by xivo-update-db 14.08 (xivoref_up)

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { PG_ADMIN_URL } from '../helpers/backends.js';
import { catalogCounts, readCatalog } from './catalog.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/xivo');

describe.skipIf(process.env.VOIPDB_XIVO_REGEN !== '1')('xivo reference catalogs', () => {
  for (const [db, file] of [
    ['xivoref_init', 'reference-init-14.08.json'],
    ['xivoref_up', 'reference-upgrade-14.08.json'],
  ] as const) {
    it(file, async () => {
      const conn = await connect(parseTarget(PG_ADMIN_URL.replace(/\/[^/]*$/, `/${db}`)));
      try {
        const cat = await readCatalog(conn);
        const counts = catalogCounts(cat);
        console.log(file, counts);
        writeFileSync(
          join(FIXTURES, file),
          JSON.stringify(
            { from: `scripts/xivo-tools.py's ${db}, read by test/xivo/catalog.ts`, counts, catalog: cat },
            null,
            1,
          ) + '\n',
        );
        expect(counts.tables).toBe(131);
      } finally {
        await conn.close();
      }
    });
  }
});
