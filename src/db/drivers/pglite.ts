import type { Connection, Row } from '../connection.js';
import { toDollarParams } from '../connection.js';
import type { Target } from '../url.js';
import { missingDriver } from './errors.js';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lockDirectory } from './dir-lock.js';
import { baseSnapshot, unpackSnapshot } from './pglite-snapshot.js';

export async function connectPglite(target: Target): Promise<Connection> {
  let PGlite: typeof import('@electric-sql/pglite').PGlite;
  try {
    ({ PGlite } = await import('@electric-sql/pglite'));
  } catch (e) {
    throw missingDriver('@electric-sql/pglite', e);
  }
  const path = target.path ?? './voipdb-data';
  let unlock = () => {};
  if (!path.startsWith('memory://')) {
    mkdirSync(path, { recursive: true });
    // PGlite is one process per data directory: a second one waits instead of corrupting it.
    unlock = await lockDirectory(path, target, Number(target.params.lock_timeout ?? 60) * 1000);
  }
  let db: InstanceType<typeof PGlite>;
  try {
    db = await open(PGlite, path);
  } catch (e) {
    unlock();
    throw e;
  }
  await db.exec('SET client_min_messages = warning');
  return {
    target,
    dialect: 'postgres',
    driver: 'pglite',
    raw: db,
    async query<R = Row>(sql: string, params?: readonly unknown[]) {
      const r = await db.query(params?.length ? toDollarParams(sql) : sql, params as unknown[] | undefined);
      return r.rows as R[];
    },
    async execute(sql: string, params?: readonly unknown[]) {
      const r = await db.query(params?.length ? toDollarParams(sql) : sql, params as unknown[] | undefined);
      return r.affectedRows ?? 0;
    },
    async exec(script: string) {
      await db.exec(script);
    },
    async close() {
      if (!db.closed) await db.close();
      unlock();
    },
  };
}

/** Open the data directory; a new one is unpacked from the snapshot of a fresh one (no initdb). */
async function open(PGlite: typeof import('@electric-sql/pglite').PGlite, path: string) {
  if (path.startsWith('memory://')) return PGlite.create();
  if (existsSync(join(path, 'PG_VERSION'))) return PGlite.create(path);
  try {
    unpackSnapshot(await baseSnapshot(PGlite), path);
    return await PGlite.create(path);
  } catch {
    // A snapshot of another PostgreSQL version (a stale cache): clear what it left, initdb instead.
    for (const f of readdirSync(path))
      if (f !== '.voipdb.lock') rmSync(join(path, f), { recursive: true, force: true });
  }
  return PGlite.create(path);
}
