// The source side of a conversion, per dialect, and opening a source so it cannot be written.

import { connect } from '../../db/connect.js';
import type { Connection } from '../../db/connection.js';
import type { DialectName, Target } from '../../db/url.js';
import { mysqlSource } from './mysql.js';
import { postgresSource } from './postgres.js';
import { sqliteSource } from './sqlite.js';
import type { SourceDialect } from './types.js';

export type { ReadQuery, SourceDialect } from './types.js';

const sources: Record<DialectName, SourceDialect> = {
  mysql: mysqlSource,
  postgres: postgresSource,
  sqlite: sqliteSource,
};

export function sourceFor(conn: Connection): SourceDialect {
  return sources[conn.dialect];
}

/** Connect to a source read-only where the driver allows it (SourceDialect.readOnlyParams). The
 *  session itself is made read-only by SourceDialect.begin. */
export async function openSource(target: Target): Promise<Connection> {
  const ro = sources[target.dialect].readOnlyParams;
  return connect(ro ? { ...target, params: { ...target.params, ...ro } } : target);
}
