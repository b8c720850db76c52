// dist/pglite-base.tar.gz: a freshly initialised PGlite data directory, unpacked into each new
// embedded database instead of running initdb there (see src/db/drivers/pglite-snapshot.ts).
// Made once; delete it to make it again (e.g. after PGlite's PostgreSQL version changes).

import { existsSync } from 'node:fs';

const file = 'dist/pglite-base.tar.gz';
if (!existsSync(file)) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { makeSnapshot, writeSnapshot } = await import('../dist/db/drivers/pglite-snapshot.js');
  await writeSnapshot(await makeSnapshot(PGlite), file);
}
