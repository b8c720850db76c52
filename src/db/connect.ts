// Open a target with its driver, loaded only now.

import type { Connection } from './connection.js';
import type { Target } from './url.js';

export async function connect(target: Target): Promise<Connection> {
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
