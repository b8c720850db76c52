// Read a live database into the schema model (PGlite reads as PostgreSQL).

import { VoipdbError } from '../../core/errors.js';
import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import type { ColumnType, Model } from '../types.js';
import type { IntrospectOptions } from './common.js';
import { introspectMysql, parseMysqlType } from './mysql.js';
import { introspectPostgres, parsePgType } from './postgres.js';
import { introspectSqlite, parseSqliteType } from './sqlite.js';

export type { IntrospectOptions } from './common.js';
export { parsePgType } from './postgres.js';
export { parseMysqlType } from './mysql.js';
export { parseSqliteType } from './sqlite.js';

const readers: Record<DialectName, (conn: Connection, opts: IntrospectOptions) => Promise<Model>> = {
  postgres: introspectPostgres,
  mysql: introspectMysql,
  sqlite: introspectSqlite,
};

/** A type as the dialect's catalog spells it, read into the model. */
export const parseType: Record<DialectName, (spelled: string) => ColumnType> = {
  postgres: parsePgType,
  mysql: parseMysqlType,
  sqlite: parseSqliteType,
};

/**
 * Read the schema. Another process may change it meanwhile (an upgrade running): an object that
 * vanishes between two catalog queries makes one of them fail, so the read starts again, a few
 * times, before giving up.
 */
export async function introspect(conn: Connection, opts: IntrospectOptions = {}): Promise<Model> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readers[conn.dialect](conn, opts);
    } catch (e) {
      if (!vanished(e)) throw e;
      // Schema changes that never pause long enough for a whole read: not voipdb's bug.
      if (attempt >= 8)
        throw new VoipdbError('lock-timeout', 'the schema kept changing while it was read (another session runs DDL)', {
          where: conn.target.display,
          hint: 'run the command again once that session is done',
          cause: e,
        });
      await new Promise((r) => setTimeout(r, Math.min(400, 50 * attempt) * (0.5 + Math.random())));
    }
  }
}

/** An object dropped or replaced under a catalog query (PostgreSQL XX000 "cache lookup failed",
 *  42P01/42704 undefined object; MySQL 1146 no such table). */
function vanished(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; message?: string };
  if (['XX000', '42P01', '42704', 'ER_NO_SUCH_TABLE'].includes(String(err.code)) || err.errno === 1146) return true;
  return /cache lookup failed|could not open relation|does not exist|doesn't exist/i.test(String(err.message ?? ''));
}
