// The tables every run needs before its first step: voipdb's history and its set options. Each
// is defined by its own module (history.ts, set-options.ts); this one creates what is missing.

import { failpoint } from '../core/failpoints.js';
import type { Connection } from '../db/connection.js';
import type { Dialect } from '../dialect/index.js';
import { HISTORY_TABLE, historyDDL } from './history.js';
import { SET_OPTIONS_TABLE, setOptionsDDL } from './set-options.js';

/** Each table and its CREATE TABLE IF NOT EXISTS, in the order they are created. */
export function ownTablesDDL(dialect: Dialect): { table: string; ddl: string }[] {
  return [
    { table: HISTORY_TABLE, ddl: historyDDL(dialect.name) },
    { table: SET_OPTIONS_TABLE, ddl: setOptionsDDL(dialect.name) },
  ];
}

/** The DDL of the tables still missing, each on its own: one being there says nothing of the others. */
export async function missingOwnTablesDDL(conn: Connection, dialect: Dialect): Promise<string[]> {
  const out: string[] = [];
  for (const t of ownTablesDDL(dialect)) if (!(await dialect.tableExists(conn, t.table))) out.push(t.ddl);
  return out;
}

/** voipdb's own tables, each ensured on its own. */
export async function ensureOwnTables(conn: Connection, dialect: Dialect): Promise<void> {
  let first = true;
  for (const ddl of await missingOwnTablesDDL(conn, dialect)) {
    if (!first) await failpoint('between-setup-tables', () => conn.destroy?.());
    await conn.exec(ddl);
    first = false;
  }
}
