// `init --create-database`: create the target's database on its server when missing.

import { connect } from './connect.js';
import { withDatabase, type Target } from './url.js';
import { dialectOf } from '../dialect/index.js';

/** Returns true when the database was created, false when it already existed (or is a file). */
export async function createDatabase(target: Target): Promise<boolean> {
  if (target.driver === 'better-sqlite3' || target.driver === 'pglite' || !target.database) return false;
  const name = target.database;
  const admin = await connect(target.dialect === 'postgres' ? withDatabase(target, 'postgres') : { ...target, database: undefined });
  try {
    const exists =
      target.dialect === 'postgres'
        ? (await admin.query('SELECT 1 FROM pg_database WHERE datname = ?', [name])).length > 0
        : (await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [name])).length > 0;
    if (exists) return false;
    const q = dialectOf(target.dialect).quote(name);
    await admin.exec(target.dialect === 'postgres' ? `CREATE DATABASE ${q} ENCODING 'UTF8'` : `CREATE DATABASE ${q} CHARACTER SET utf8mb4`);
    return true;
  } finally {
    await admin.close();
  }
}
