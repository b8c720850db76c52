// XiVO's versioned migrations from 14.08 on: alembic revisions of xivo-manage-db, recorded in a
// plain `alembic_version` table (XiVO's alembic.ini keeps alembic's default name), so that
// `xivo-check-db` / `alembic current` keep telling the truth after voipdb upgrades.
// The four revisions are those of the 14.08 tree; XiVO runs on PostgreSQL only.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { dialectOf } from '../../dialect/index.js';
import type { Migration, ScriptSet, VersionRecord } from '../../engine/types.js';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const xivoAlembicVersion: VersionRecord = {
  name: 'alembic_version',
  // As alembic 0.6 (2014) created it: one column, no key.
  ensure: () => ['CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)'],
  write(_d: DialectName, m: Migration, direction: 'up' | 'down'): string[] {
    const parent = m.parent ?? null;
    if (direction === 'up') {
      if (parent === null) return [`INSERT INTO alembic_version (version_num) SELECT ${lit(m.version)} WHERE NOT EXISTS (SELECT 1 FROM alembic_version)`];
      return [`UPDATE alembic_version SET version_num=${lit(m.version)} WHERE alembic_version.version_num = ${lit(parent)}`];
    }
    if (parent === null) return [`DELETE FROM alembic_version WHERE alembic_version.version_num = ${lit(m.version)}`];
    return [`UPDATE alembic_version SET version_num=${lit(parent)} WHERE alembic_version.version_num = ${lit(m.version)}`];
  },
  async read(conn: Connection): Promise<string | undefined> {
    if (!(await dialectOf(conn.dialect).tableExists(conn, 'alembic_version'))) return undefined;
    const rows = await conn.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
    return rows.length ? String(rows[0]!.version_num) : undefined;
  },
};

const pg: DialectName[] = ['postgres'];

const migrations: Migration[] = [
  {
    version: '52bd5977c09d',
    parent: null,
    description: 'initial script',
    kind: 'versioned',
    script: '52bd5977c09d_initial_script.py',
    up: { sql: '' },
    down: { sql: '' },
    dialects: pg,
  },
  {
    version: '108164f6117e',
    parent: '52bd5977c09d',
    description: 'fix sequence usage on stat_agent_periodic',
    kind: 'versioned',
    script: '108164f6117e_fix_sequence_usage_on_stat_agent_.py',
    up: { sql: "SELECT setval('stat_agent_periodic_id_seq', (SELECT max(id) FROM stat_agent_periodic));" },
    down: { sql: '' },
    dialects: pg,
  },
  {
    version: '146ddf6c4b36',
    parent: '108164f6117e',
    description: 'deactivate user login by default',
    kind: 'versioned',
    script: '146ddf6c4b36_deactivate_user_login_by_default.py',
    up: { sql: "ALTER TABLE userfeatures ALTER COLUMN enableclient SET DEFAULT '0';" },
    down: { sql: "ALTER TABLE userfeatures ALTER COLUMN enableclient SET DEFAULT '1';" },
    dialects: pg,
  },
  {
    version: '2976d63a6966',
    parent: '146ddf6c4b36',
    description: 'remove unused tables',
    kind: 'versioned',
    script: '2976d63a6966_remove_unused_tables.py',
    up: { sql: 'DROP TABLE ctilog;\nDROP TABLE stats_conf_user;\nDROP TABLE stats_conf_group;\nDROP TABLE stats_conf_incall;' },
    down: {
      sql: [
        'CREATE TABLE ctilog (id SERIAL NOT NULL, eventdate TIMESTAMP WITHOUT TIME ZONE, loginclient VARCHAR(64), company VARCHAR(64), status VARCHAR(64), action VARCHAR(64), arguments VARCHAR(255), callduration INTEGER, PRIMARY KEY (id));',
        'CREATE TABLE stats_conf_group (stats_conf_id INTEGER NOT NULL, groupfeatures_id INTEGER NOT NULL, PRIMARY KEY (stats_conf_id, groupfeatures_id));',
        'CREATE TABLE stats_conf_incall (stats_conf_id INTEGER NOT NULL, incall_id INTEGER NOT NULL, PRIMARY KEY (stats_conf_id, incall_id));',
        'CREATE TABLE stats_conf_user (stats_conf_id INTEGER NOT NULL, userfeatures_id INTEGER NOT NULL, PRIMARY KEY (stats_conf_id, userfeatures_id));',
      ].join('\n'),
    },
    dialects: pg,
  },
];

export const xivoSet: ScriptSet = {
  name: 'xivo',
  migrations,
  versionRecords: [xivoAlembicVersion],
  convention: 'revision',
};
