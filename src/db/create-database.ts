// `init --create-database`: create the target's database on its server when missing; on
// PostgreSQL, optionally with a login role that owns it, as XiVO's pg-init-db does (role
// `asterisk`, database `asterisk` owned by it, UTF8).

import { connect } from './connect.js';
import type { Connection } from './connection.js';
import { withDatabase, type Target } from './url.js';
import { dialectOf } from '../dialect/index.js';

export interface CreateDatabaseOptions {
  /** PostgreSQL: this login role, created when missing (an existing one keeps its password), owns the new database. */
  owner?: { role: string; password: string };
}

/** Create the login role when missing; true when it was created. */
export async function ensureLoginRole(conn: Connection, role: string, password: string): Promise<boolean> {
  if ((await conn.query('SELECT 1 AS x FROM pg_roles WHERE rolname = ?', [role])).length) return false;
  const d = dialectOf(conn.dialect);
  await conn.exec(`CREATE ROLE ${d.quote(role)} WITH LOGIN PASSWORD ${d.literal(password)}`);
  return true;
}

export interface CreateDatabaseResult {
  created: boolean;
  roleCreated: boolean;
}

/** `created` is false when the database already existed (or is a file). */
export async function createDatabase(target: Target, opts: CreateDatabaseOptions = {}): Promise<CreateDatabaseResult> {
  const owner = target.dialect === 'postgres' ? opts.owner : undefined;
  if (target.driver === 'better-sqlite3' || target.driver === 'pglite' || !target.database) {
    // An embedded PostgreSQL has no server to create it on; the role lives in its catalogs.
    if (!owner || target.driver !== 'pglite') return { created: false, roleCreated: false };
    const conn = await connect(target);
    try {
      return { created: false, roleCreated: await ensureLoginRole(conn, owner.role, owner.password) };
    } finally {
      await conn.close();
    }
  }
  const name = target.database;
  const admin = await connect(target.dialect === 'postgres' ? withDatabase(target, 'postgres') : { ...target, database: undefined });
  try {
    const roleCreated = owner ? await ensureLoginRole(admin, owner.role, owner.password) : false;
    const exists =
      target.dialect === 'postgres'
        ? (await admin.query('SELECT 1 FROM pg_database WHERE datname = ?', [name])).length > 0
        : (await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [name])).length > 0;
    if (exists) return { created: false, roleCreated };
    const d = dialectOf(target.dialect);
    const q = d.quote(name);
    await admin.exec(target.dialect === 'postgres' ? `CREATE DATABASE ${q}${owner ? ` WITH OWNER ${d.quote(owner.role)}` : ''} ENCODING 'UTF8'` : `CREATE DATABASE ${q} CHARACTER SET utf8mb4`);
    return { created: true, roleCreated };
  } finally {
    await admin.close();
  }
}
