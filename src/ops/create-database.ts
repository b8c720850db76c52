// `init --create-database`: create the target's database on its server when missing; on
// PostgreSQL, optionally with a login role that owns it, as XiVO's pg-init-db does (role
// `asterisk`, database `asterisk` owned by it, UTF8).

import { connect } from '../db/connect.js';
import type { Connection } from '../db/connection.js';
import type { Target } from '../db/url.js';
import { dialectOf } from '../dialect/index.js';

export interface CreateDatabaseOptions {
  /** PostgreSQL: this login role, created when missing (an existing one keeps its password), owns the new database. */
  owner?: { role: string; password: string };
}

/** Create the login role when missing; true when it was created. */
export async function ensureLoginRole(conn: Connection, role: string, password: string): Promise<boolean> {
  if ((await conn.query('SELECT 1 AS x FROM pg_roles WHERE rolname = ?', [role])).length) return false;
  const d = dialectOf(conn.dialect);
  try {
    await conn.exec(`CREATE ROLE ${d.quote(role)} WITH LOGIN PASSWORD ${d.literal(password)}`);
  } catch (e) {
    // Created by a concurrent init meanwhile (duplicate_object, or the catalog's unique index).
    const code = (e as { code?: string }).code;
    if (code === '42710' || code === '23505') return false;
    throw e;
  }
  return true;
}

export interface CreateDatabaseResult {
  created: boolean;
  roleCreated: boolean;
}

/** `created` is false when the database already existed (or is a file). */
export async function createDatabase(target: Target, opts: CreateDatabaseOptions = {}): Promise<CreateDatabaseResult> {
  const databases = dialectOf(target.dialect).databases;
  const owner = databases?.owners ? opts.owner : undefined;
  if (!databases || target.driver === 'better-sqlite3' || target.driver === 'pglite' || !target.database) {
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
  const admin = await connect(databases.adminTarget(target));
  try {
    const roleCreated = owner ? await ensureLoginRole(admin, owner.role, owner.password) : false;
    if ((await admin.query(databases.existsSql, [name])).length > 0) return { created: false, roleCreated };
    try {
      await admin.exec(databases.create(name, owner?.role));
    } catch (e) {
      // Another process created it between the look and the CREATE: it exists, as asked.
      if (createdMeanwhile(e)) return { created: false, roleCreated };
      throw e;
    }
    return { created: true, roleCreated };
  } finally {
    await admin.close();
  }
}

/** duplicate_database (PostgreSQL 42P04; a concurrent CREATE may also collide on the catalog's
 *  unique index, 23505), ER_DB_CREATE_EXISTS (MySQL 1007). */
function createdMeanwhile(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err.code === '42P04' || err.code === '23505' || err.code === 'ER_DB_CREATE_EXISTS' || err.errno === 1007;
}
