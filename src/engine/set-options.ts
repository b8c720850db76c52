// voipdb_set_options: the options an admin chose for each set (excluded modules, groups...),
// kept at each upgrade so later commands rebuild the same sets. Its definition and every
// statement against it.

import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { dialectOf } from '../dialect/index.js';
import type { Dialect } from '../dialect/index.js';
import { createOwnTable, ownTable } from '../schema/own-table.js';
import type { ScriptSet } from './types.js';

export const SET_OPTIONS_TABLE = 'voipdb_set_options';

export const SET_OPTIONS = ownTable(
  SET_OPTIONS_TABLE,
  [
    // NOT NULL by the primary key (SQLite, as created since the first release, allows a NULL there).
    { name: 'set_name', type: { kind: 'string', length: 255 } },
    { name: 'options', type: { kind: 'text' }, nullable: false },
  ],
  { primaryKey: ['set_name'], mysql: 'DEFAULT CHARSET=utf8mb4' },
);

/** CREATE TABLE IF NOT EXISTS voipdb_set_options, as the dialect's renderer spells it. */
export function setOptionsDDL(dialect: DialectName): string {
  return createOwnTable(dialect, SET_OPTIONS);
}

/** Options chosen for each set at its last upgrade, by set name. */
export async function readSetOptions(conn: Connection): Promise<Record<string, Record<string, unknown>>> {
  const d = dialectOf(conn.dialect);
  if (!(await d.tableExists(conn, SET_OPTIONS_TABLE))) return {};
  const rows = await conn.query<{ set_name: string; options: string }>(
    `SELECT set_name, options FROM ${SET_OPTIONS_TABLE}`,
  );
  return Object.fromEntries(rows.map((r) => [r.set_name, JSON.parse(r.options)]));
}

/** The statements recording each set's options, with literals: the same text online and in `voipdb sql`. */
export function setOptionsStatements(dialect: Dialect, sets: ScriptSet[]): string[] {
  const q = dialect.literal;
  return sets
    .filter((s) => s.options && Object.keys(s.options).length > 0)
    .flatMap((s) => [
      `DELETE FROM ${SET_OPTIONS_TABLE} WHERE set_name = ${q(s.name)}`,
      `INSERT INTO ${SET_OPTIONS_TABLE} (set_name, options) VALUES (${q(s.name)}, ${q(JSON.stringify(s.options))})`,
    ]);
}
