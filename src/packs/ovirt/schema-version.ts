// oVirt's own version record, `schema_version`, kept true as schema.sh keeps it: one row per
// upgrade script (INSTALLED, or SKIPPED when the same text was installed under another version),
// the `current` flag on the latest row, so oVirt's own tools read the database as theirs.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { sqlString } from '../../dialect/dialect.js';
import { VoipdbError } from '../../core/errors.js';
import type { Migration, ScriptSet, VersionRecord } from '../../engine/types.js';
import { tempFunctionCheck, type TempFunctionRule } from './temp-functions.js';

/** oVirt's layout (create_tables.sql of ovirt-engine 4.x), for trees whose base does not create it. */
export const SCHEMA_VERSION_DDL = [
  `CREATE SEQUENCE IF NOT EXISTS schema_version_seq INCREMENT BY 1 START WITH 1 NO MAXVALUE NO MINVALUE CACHE 1`,
  `CREATE TABLE IF NOT EXISTS schema_version (
    id integer DEFAULT nextval('schema_version_seq'::regclass) NOT NULL,
    version varchar(10) NOT NULL,
    script varchar(255) NOT NULL,
    checksum varchar(128),
    installed_by varchar(63) NOT NULL,
    started_at timestamp DEFAULT now(),
    ended_at timestamp,
    state varchar(15) NOT NULL,
    current boolean NOT NULL,
    comment text DEFAULT '',
    CONSTRAINT schema_version_primary_key PRIMARY KEY (id)
)`,
];

/** Move the `current` flag to the latest INSTALLED or SKIPPED row (schema.sh's set_last_version). */
export const SET_CURRENT = `UPDATE schema_version SET current = (id = (SELECT max(id) FROM schema_version WHERE state IN ('INSTALLED', 'SKIPPED')))
 WHERE current OR id = (SELECT max(id) FROM schema_version WHERE state IN ('INSTALLED', 'SKIPPED'))`;

export interface SchemaVersionOptions {
  /** md5 of each script's bytes, by script path ('upgrade/04_01_0010_x.sql'). */
  md5: Map<string, string>;
  /** The tree's base creates schema_version itself (create_tables.sql): voipdb must not. */
  baseCreatesTable: boolean;
  /** What a __temp_ function left by a script does: fail the script (default) or get dropped. */
  tempFunctions?: TempFunctionRule;
}

export class SchemaVersion implements VersionRecord {
  readonly name = 'ovirt-schema_version';
  readonly table = 'schema_version';
  constructor(readonly opts: SchemaVersionOptions) {}

  ensure(dialect: DialectName): string[] {
    if (dialect !== 'postgres') return [];
    return this.opts.baseCreatesTable ? [] : SCHEMA_VERSION_DDL;
  }

  write(dialect: DialectName, m: Migration, direction: 'up' | 'down', _set: ScriptSet): string[] {
    if (dialect !== 'postgres') return [];
    const v = sqlString(m.version);
    if (direction === 'down') return [`DELETE FROM schema_version WHERE version = ${v}`, SET_CURRENT];
    const sum = sqlString(m.kind === 'baseline' ? '0' : (this.opts.md5.get(m.script) ?? ''));
    // INSTALLED, or SKIPPED with schema.sh's comment when the same text is installed under another
    // version (the cherry-pick case). A row already there (the base's seed row, an adopted
    // database being stamped) is left as it is.
    const insert = `INSERT INTO schema_version (version, script, checksum, installed_by, started_at, ended_at, state, current, comment)
SELECT ${v}, ${sqlString(m.script)}, ${sum}, left(current_user, 63), now(), clock_timestamp(),
       CASE WHEN other.version IS NULL THEN 'INSTALLED' ELSE 'SKIPPED' END, false,
       CASE WHEN other.version IS NULL THEN '' ELSE 'Installed already by ' || other.version END
  FROM (SELECT min(version) AS version FROM schema_version WHERE checksum = ${sum} AND state = 'INSTALLED' AND version <> ${v}) other
 WHERE NOT EXISTS (SELECT 1 FROM schema_version WHERE version = ${v})`;
    return [insert, SET_CURRENT, tempFunctionCheck(m.script, this.opts.tempFunctions)];
  }

  async read(conn: Connection): Promise<string | undefined> {
    return readOvirtCurrent(conn);
  }
}

export async function hasSchemaVersion(conn: Connection): Promise<boolean> {
  if (conn.dialect !== 'postgres') return false;
  const r = await conn.query(
    `SELECT 1 FROM pg_tables WHERE tablename = 'schema_version' AND schemaname = current_schema()`,
  );
  return r.length > 0;
}

/** The database's version as schema.sh reads it: the row flagged current. */
export async function readOvirtCurrent(conn: Connection): Promise<string | undefined> {
  if (!(await hasSchemaVersion(conn))) return undefined;
  const [r] = await conn.query<{ version: string }>(
    `SELECT version FROM schema_version WHERE current ORDER BY id LIMIT 1`,
  );
  return r?.version?.trim();
}

export interface SchemaVersionRow {
  id: number;
  version: string;
  script: string;
  checksum: string | null;
  installed_by: string;
  started_at: string | null;
  ended_at: string | null;
  state: string;
  current: boolean;
  comment: string | null;
}

export async function readSchemaVersion(conn: Connection): Promise<SchemaVersionRow[]> {
  if (!(await hasSchemaVersion(conn))) {
    throw new VoipdbError(
      'not-found',
      'this database has no schema_version table: it was not made by oVirt-style tooling',
      {
        where: conn.target.display,
        hint: 'voipdb upgrade --pack ovirt --option dir=<dbscripts> installs it from scratch',
      },
    );
  }
  const rows = await conn.query<SchemaVersionRow>(
    `SELECT id, trim(version) AS version, script, checksum, installed_by, started_at::text AS started_at, ended_at::text AS ended_at, state, current, comment FROM schema_version ORDER BY id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
