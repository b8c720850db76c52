// dist/pglite-base.tar.gz: a freshly initialised PGlite data directory, unpacked into each new
// embedded database instead of running initdb there (see src/db/drivers/pglite-snapshot.ts,
// which makes the same file on first use when this one is missing).
// Made once; delete it to make it again (e.g. after PGlite's PostgreSQL version changes).

import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';

const file = 'dist/pglite-base.tar.gz';
if (!existsSync(file)) {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  const blob = await db.dumpDataDir('gzip');
  await db.close();
  mkdirSync('dist', { recursive: true });
  writeFileSync(`${file}.tmp`, Buffer.from(await blob.arrayBuffer()));
  renameSync(`${file}.tmp`, file);
}
