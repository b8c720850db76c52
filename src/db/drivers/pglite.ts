import type { Connection, Row } from '../connection.js';
import { toDollarParams } from '../connection.js';
import type { Target } from '../url.js';
import { missingDriver } from './errors.js';
import { mkdirSync } from 'node:fs';
import { lockDirectory } from './dir-lock.js';

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
    db = await PGlite.create(path.startsWith('memory://') ? undefined : path);
  } catch (e) {
    unlock();
    throw e;
  }
  await db.exec("SET client_min_messages = warning");
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
