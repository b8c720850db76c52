import type { Connection, Row } from '../connection.js';
import { toDollarParams } from '../connection.js';
import type { Target } from '../url.js';
import { missingDriver } from './errors.js';
import { mkdirSync } from 'node:fs';

export async function connectPglite(target: Target): Promise<Connection> {
  let PGlite: typeof import('@electric-sql/pglite').PGlite;
  try {
    ({ PGlite } = await import('@electric-sql/pglite'));
  } catch (e) {
    throw missingDriver('@electric-sql/pglite', e);
  }
  const path = target.path ?? './voipdb-data';
  if (!path.startsWith('memory://')) mkdirSync(path, { recursive: true });
  const db = await PGlite.create(path.startsWith('memory://') ? undefined : path);
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
    },
  };
}
