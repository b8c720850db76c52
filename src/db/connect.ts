// Open a target with its driver, loaded only now.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VoipdbError } from '../core/errors.js';
import type { Connection } from './connection.js';
import type { Target } from './url.js';

export interface ConnectOptions {
  /**
   * The database must already be there: a SQLite file or PGlite directory that is missing is an
   * error, never created (read-only commands: check, status, history, diff, doctor).
   */
  mustExist?: boolean;
}

export async function connect(target: Target, opts: ConnectOptions = {}): Promise<Connection> {
  if (opts.mustExist) refuseMissing(target);
  switch (target.driver) {
    case 'pg':
      return (await import('./drivers/pg.js')).connectPg(target);
    case 'mysql2':
      return (await import('./drivers/mysql.js')).connectMysql(target);
    case 'better-sqlite3':
      return (await import('./drivers/sqlite.js')).connectSqlite(target);
    case 'pglite':
      return (await import('./drivers/pglite.js')).connectPglite(target);
  }
}

/** A file or directory database that is not there (servers report a missing database themselves). */
function refuseMissing(target: Target): void {
  const path = target.path;
  if (!path || path === ':memory:' || path.startsWith('memory://')) return;
  const there =
    target.driver === 'pglite'
      ? existsSync(join(path, 'PG_VERSION'))
      : target.driver === 'better-sqlite3' && existsSync(path);
  if (target.driver !== 'pglite' && target.driver !== 'better-sqlite3') return;
  if (there) return;
  const what =
    target.driver === 'pglite' ? `no PGlite database in ${path}` : `SQLite database file ${path} does not exist`;
  throw new VoipdbError('missing-database', what, {
    where: target.display,
    hint: `create it with: voipdb init --url ${target.display} and the --pack or --dir it should hold`,
  });
}
