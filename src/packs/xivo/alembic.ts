// XiVO's versioned migrations from 14.08 on: alembic revisions of xivo-manage-db, recorded in a
// plain `alembic_version` table (XiVO's alembic.ini keeps alembic's default name), so that
// `xivo-check-db` / `alembic current` keep telling the truth after voipdb upgrades.
// The three revisions are those of the 14.08 tag; XiVO runs on PostgreSQL only. A fresh database is
// built as xivo-init-db builds it (./head.ts) and stamped at head, not upgraded through the chain:
// the first revision is empty, the chain only ever ran on databases the legacy scripts made.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { dialectOf } from '../../dialect/index.js';
import type { Migration, ScriptSet, VersionRecord } from '../../engine/types.js';
import { xivoHead } from './head.js';
import { XIVO_CREATE_ALL } from './schema-14.08.js';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const xivoAlembicVersion: VersionRecord = {
  name: 'alembic_version',
  // As alembic 0.6 (2014) created it: one column, no key.
  ensure: () => ['CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)'],
  write(_d: DialectName, m: Migration, direction: 'up' | 'down'): string[] {
    const parent = m.parent ?? null;
    if (direction === 'up') {
      if (parent === null)
        return [
          `INSERT INTO alembic_version (version_num) SELECT ${lit(m.version)} WHERE NOT EXISTS (SELECT 1 FROM alembic_version)`,
        ];
      return [
        `UPDATE alembic_version SET version_num=${lit(m.version)} WHERE alembic_version.version_num = ${lit(parent)}`,
      ];
    }
    if (parent === null) return [`DELETE FROM alembic_version WHERE alembic_version.version_num = ${lit(m.version)}`];
    return [
      `UPDATE alembic_version SET version_num=${lit(parent)} WHERE alembic_version.version_num = ${lit(m.version)}`,
    ];
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
];

// "remove unused tables" as it stood on a development branch after the 14.08 tag; it shipped in
// 14.09 as 1d05ffb14525, after 447e4ab61975. voipdb once carried it here, so a database voipdb
// upgraded may record it: the next upgrade (or repair) recreates the four tables 14.08 has, empty,
// exactly as create_all makes them, and moves alembic_version back to 146ddf6c4b36.
const dropped = ['ctilog', 'stats_conf_group', 'stats_conf_incall', 'stats_conf_user'];
const recreate = XIVO_CREATE_ALL.filter((s) => dropped.some((t) => s.startsWith(`CREATE TABLE ${t} (`)));
const retired: Migration[] = [
  {
    version: '2976d63a6966',
    parent: '146ddf6c4b36',
    description: 'remove unused tables',
    kind: 'versioned',
    script: '2976d63a6966_remove_unused_tables.py',
    up: { sql: dropped.map((t) => `DROP TABLE ${t};`).join('\n') },
    down: { sql: { postgres: recreate.join(';\n') } },
    dialects: pg,
  },
];

export const xivoSet: ScriptSet = {
  name: 'xivo',
  migrations,
  retired,
  head: xivoHead,
  versionRecords: [xivoAlembicVersion],
  convention: 'revision',
  // XiVO's database is PostgreSQL's (types, functions, sequences): PGlite too, no other back-end.
  dialects: { only: ['postgres'], why: "XiVO's database is PostgreSQL only" },
};
