// A new embedded data directory is unpacked from a snapshot of a freshly initialised one: PGlite's
// initdb was most of a first `voipdb init`'s time (seconds; unpacking takes a fraction of one).
// The snapshot is made by `npm run build` (dist/pglite-base.tar.gz, shipped in the package), or
// else on first use into the user's cache directory, and reused from then on.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

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
export async function baseSnapshot(PGlite: PGliteClass): Promise<Buffer> {
  const file = shipped() ?? cached();
  if (existsSync(file)) return readFileSync(file);
  const blob = await makeSnapshot(PGlite);
  // A cache that cannot be written (read-only home) only costs the next run the same time.
  await writeSnapshot(blob, file).catch(() => {});
  return Buffer.from(await blob.arrayBuffer());
}

const field = (header: Buffer, at: number, length: number) =>
  header.toString('latin1', at, at + length).replace(/\0.*$/s, '');

/**
 * Unpack the snapshot (dumpDataDir's tarball: ustar directories and regular files) into `dir` with
 * node's own file calls — PGlite's loadDataDir writes through its WebAssembly file system and took
 * a second longer. PG_VERSION, which marks a data directory, is written last: a directory an
 * interrupted unpack left is unpacked again, never opened half made.
 */
export function unpackSnapshot(gzipped: Buffer, dir: string): void {
  const tar = gunzipSync(gzipped);
  let version: { path: string; body: Buffer; mode: number } | undefined;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    const name = field(header, 0, 100);
    if (!name) break; // the zero blocks that end the archive
    const prefix = field(header, 345, 155);
    const size = parseInt(field(header, 124, 12), 8);
    const mode = parseInt(field(header, 100, 8), 8);
    const type = field(header, 156, 1) || '0';
    const body = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    const relative = normalize(prefix ? `${prefix}/${name}` : name).replace(/^\/+/, '');
    if (relative.startsWith('..')) throw new Error(`snapshot entry outside the data directory: ${name}`);
    const path = join(dir, relative);
    if (type === '5') mkdirSync(path, { recursive: true, mode });
    else if (type !== '0') throw new Error(`snapshot entry of a kind other than file or directory: ${name}`);
    else if (relative === 'PG_VERSION') version = { path, body, mode };
    else writeFileSync(path, body, { mode });
  }
  if (!version) throw new Error('the snapshot has no PG_VERSION');
  writeFileSync(version.path, version.body, { mode: version.mode });
}
