// Read a live database into the schema model (PGlite reads as PostgreSQL).

import type { Connection } from '../../db/connection.js';
import type { Model } from '../types.js';
import type { IntrospectOptions } from './common.js';
import { introspectMysql } from './mysql.js';
import { introspectPostgres } from './postgres.js';
import { introspectSqlite } from './sqlite.js';

export type { IntrospectOptions } from './common.js';
export { parsePgType } from './postgres.js';
export { parseMysqlType } from './mysql.js';
export { parseSqliteType } from './sqlite.js';

const readers = { postgres: introspectPostgres, mysql: introspectMysql, sqlite: introspectSqlite };

export function introspect(conn: Connection, opts: IntrospectOptions = {}): Promise<Model> {
  return readers[conn.dialect](conn, opts);
}
