// A new embedded data directory is unpacked from a snapshot of a freshly initialised one: PGlite's
// initdb was most of a first `voipdb init`'s time (seconds; unpacking takes a fraction of one).
// The snapshot is made by `npm run build` (dist/pglite-base.tar.gz, shipped in the package), or
// else on first use into the user's cache directory, and reused from then on.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type PGliteClass = typeof import('@electric-sql/pglite').PGlite;

const NAME = 'pglite-base.tar.gz';

/** dist/pglite-base.tar.gz from dist/db/drivers/ (the library) or dist/bin/ (the bundle). */
function shipped(): string | undefined {
  for (const up of ['../../', '../']) {
    const file = fileURLToPath(new URL(up + NAME, import.meta.url));
    if (existsSync(file)) return file;
  }
  return undefined;
}

function cached(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'voipdb', NAME);
}

/** A fresh data directory as a gzipped tarball, made in memory. */
export async function makeSnapshot(PGlite: PGliteClass): Promise<Blob> {
  const db = await PGlite.create();
  try {
    return await db.dumpDataDir('gzip');
  } finally {
    await db.close();
  }
}

/** Write atomically: a concurrent reader sees the whole file or none. */
export async function writeSnapshot(blob: Blob, file: string): Promise<void> {
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  renameSync(tmp, file);
}

/** The snapshot to unpack into a new data directory (made and cached now if there is none). */
export async function baseSnapshot(PGlite: PGliteClass): Promise<Blob | undefined> {
  const file = shipped() ?? cached();
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const blob = await makeSnapshot(PGlite);
  // A cache that cannot be written (read-only home) only costs the next run the same time.
  await writeSnapshot(blob, file).catch(() => {});
  return blob;
}
