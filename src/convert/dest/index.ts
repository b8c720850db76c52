// The destination side of a conversion, per dialect, and how values are made fit for a column.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { mysqlDest } from './mysql.js';
import { postgresDest } from './postgres.js';
import { sqliteDest } from './sqlite.js';
import type { DestDialect } from './types.js';

export type { ColumnKind, DeferredIndex, DestDialect, Encoded } from './types.js';
export { insertWithParams, normalize } from './types.js';

const dests: Record<DialectName, DestDialect> = { mysql: mysqlDest, postgres: postgresDest, sqlite: sqliteDest };

export function destFor(conn: Connection): DestDialect {
  return dests[conn.dialect];
}
