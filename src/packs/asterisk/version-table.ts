// The version record Asterisk's tooling reads: one alembic version table per set,
// `alembic_version_<set>`, as contrib/ast-db-manage/env.py configures it. voipdb keeps it true
// on every step, so that an admin can go back to `alembic -c config.ini ...` at any time.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { dialectOf } from '../../dialect/index.js';
import type { Migration, RecordProblem, ScriptSet, VersionRecord } from '../../engine/types.js';

/** The plain table older Asterisk trees (and alembic's offline mode) use. */
export const LEGACY_VERSION_TABLE = 'alembic_version';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The first revision's row. alembic INSERTs it; the insert is guarded so that stamping a
 * database alembic already brought further (adopt) leaves its row alone. MySQL needs FROM DUAL
 * to put a WHERE on a SELECT without a table.
 */
const insertFirst: Record<DialectName, (table: string, version: string) => string> = {
  postgres: (t, v) => `INSERT INTO ${t} (version_num) SELECT ${lit(v)} WHERE NOT EXISTS (SELECT 1 FROM ${t})`,
  sqlite: (t, v) => `INSERT INTO ${t} (version_num) SELECT ${lit(v)} WHERE NOT EXISTS (SELECT 1 FROM ${t})`,
  mysql: (t, v) => `INSERT INTO ${t} (version_num) SELECT ${lit(v)} FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ${t})`,
};

export class AlembicVersionTable implements VersionRecord {
  readonly name: string;

  /** `tree`: the script_location, e.g. "config". */
  constructor(readonly tree: string) {
    this.name = `alembic_version_${tree}`;
  }

  ensure(_dialect: DialectName): string[] {
    // Column and constraint as alembic creates its version table.
    return [
      `CREATE TABLE IF NOT EXISTS ${this.name} (version_num VARCHAR(32) NOT NULL, CONSTRAINT ${this.name}_pkc PRIMARY KEY (version_num))`,
    ];
  }

  /** alembic's row changes: INSERT at the first revision, UPDATE from parent to child, DELETE back to base. */
  write(dialect: DialectName, m: Migration, direction: 'up' | 'down'): string[] {
    const t = this.name;
    const parent = m.parent ?? null;
    if (direction === 'up') {
      if (parent === null) return [insertFirst[dialect](t, m.version)];
      return [`UPDATE ${t} SET version_num=${lit(m.version)} WHERE ${t}.version_num = ${lit(parent)}`];
    }
    if (parent === null) return [`DELETE FROM ${t} WHERE ${t}.version_num = ${lit(m.version)}`];
    return [`UPDATE ${t} SET version_num=${lit(parent)} WHERE ${t}.version_num = ${lit(m.version)}`];
  }

  /** The revision alembic would report (`alembic current`), from this set's table or a legacy one. */
  async read(conn: Connection, set: ScriptSet): Promise<string | undefined> {
    const d = dialectOf(conn.dialect);
    if (await d.tableExists(conn, this.name)) return firstVersion(conn, this.name);
    const legacy = await this.legacyVersion(conn, set);
    return legacy;
  }

  /**
   * env.py's first step: a plain `alembic_version` table holding one of this set's revisions
   * belongs to this set and is renamed `alembic_version_<set>`. A table of another set, or a
   * rename that would collide with an existing table, is left alone.
   */
  async prepare(conn: Connection, set: ScriptSet): Promise<void> {
    const d = dialectOf(conn.dialect);
    if (await d.tableExists(conn, this.name)) return;
    if ((await this.legacyVersion(conn, set)) === undefined) return;
    await conn.exec(`ALTER TABLE ${LEGACY_VERSION_TABLE} RENAME TO ${this.name}`);
  }

  async verify(conn: Connection, set: ScriptSet, applied: string | null): Promise<RecordProblem[]> {
    const recorded = (await this.read(conn, set)) ?? null;
    if (recorded === applied) return [];
    const known = recorded === null || set.migrations.some((m) => m.version === recorded);
    return [
      {
        message: known
          ? `${this.name} says ${recorded ?? 'base'} but voipdb's history says ${applied ?? 'base'}`
          : `${this.name} says ${recorded}, a revision set ${set.name} does not have, but voipdb's history says ${applied ?? 'base'}`,
        // repair writes the row alembic would have written for the history's version.
        hint: `voipdb repair --set ${set.name} writes ${applied ?? 'base'} into ${this.name}${known ? '' : ` (if alembic ran ${recorded} from a newer Asterisk tree, use that tree instead)`}`,
      },
    ];
  }

  /** alembic's one row, at the version voipdb's history records (none at base). */
  rewrite(_set: ScriptSet, applied: string | null): string[] {
    return [
      `DELETE FROM ${this.name}`,
      ...(applied ? [`INSERT INTO ${this.name} (version_num) VALUES (${lit(applied)})`] : []),
    ];
  }

  private async legacyVersion(conn: Connection, set: ScriptSet): Promise<string | undefined> {
    if (!(await dialectOf(conn.dialect).tableExists(conn, LEGACY_VERSION_TABLE))) return undefined;
    const v = await firstVersion(conn, LEGACY_VERSION_TABLE);
    return v !== undefined && set.migrations.some((m) => m.version === v) ? v : undefined;
  }
}

async function firstVersion(conn: Connection, table: string): Promise<string | undefined> {
  const rows = await conn.query<{ version_num: string }>(`SELECT version_num FROM ${table}`);
  return rows.length ? String(rows[0]!.version_num) : undefined;
}
