/**
 * Pack `ser-0.9`: the SER 0.9 database as `scripts/ser_mysql.sh create` made it (iptel SER,
 * branch rel_0_9_0 of kamailio/kamailio). MySQL/MariaDB only, as SER 0.9 was.
 *
 * Set `ser-0.9`, one migration ("1"): 23 tables plus `version` with its 24 rows
 * (`realm`=1 has no table):
 *   acc 2, active_sessions 1, aliases 6, event 1, grp 2, location 6, missed_calls 2, pending 4,
 *   phonebook 1, reserved 1, subscriber 5, config 1, silo 3, domain 1, uri 1,
 *   server_monitoring 1, usr_preferences 2, preferences_types 1, trusted 1,
 *   server_monitoring_agg 1, admin_privileges 1, calls_forwarding 1, speed_dial 2.
 * The user column is `username` ($USERCOL in the script).
 *
 * Where today's MariaDB cannot take the 2004 spelling, voipdb says the same thing the modern way:
 * - `TYPE=MyISAM` is gone; tables use the server's engine (InnoDB): MyISAM's 1000-byte key limit
 *   rejects the (username, domain, contact) keys in any multi-byte character set.
 * - `timestamp(14) NOT NULL` (MySQL 4: the first TIMESTAMP auto-initialises and auto-updates)
 *   is written `timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP`,
 *   which is what MySQL 4 did and what explicit_defaults_for_timestamp=ON no longer implies.
 * - The '0000-00-00 00:00:00' defaults are kept (SER data holds zero dates); they need a
 *   sql_mode without NO_ZERO_DATE (MariaDB's default; not MySQL 8's).
 * - No initial `admin`/`heslo` subscriber: voipdb creates no default credentials.
 */

import type { Column } from '../../schema/types.js';
import { col, t, value, expr } from '../../schema/operations.js';
import type { Migration, Pack, ScriptSet } from '../../engine/types.js';
import type { DialectName } from '../../db/url.js';
import { createIfMissingSql, createTables, versionsOf, type TableSpec } from '../kamailio/table-spec.js';
import { VersionTable } from '../kamailio/version-table.js';

export const SER09_SET = 'ser-0.9';

const notNull = (name: string, type: Column['type'], def?: string | number) =>
  col(name, type, def === undefined ? { nullable: false } : { nullable: false, default: value(def) });
/** NOT NULL VARCHAR(n) with DEFAULT def (null: no default, as the script has it). */
const vc = (name: string, n: number, def: string | null = '') => notNull(name, t.string(n), def ?? undefined);
const nullVc = (name: string, n: number) => col(name, t.string(n), { default: expr('NULL') });
const my = (sql: string) => t.custom({ mysql: sql });
const ZERO = '0000-00-00 00:00:00';
const FOREVER = '2020-05-28 21:32:15';
/** MySQL 4's implicit behaviour of the first `timestamp(14) NOT NULL` column, said explicitly. */
const autoTimestamp = (name: string) =>
  col(name, my('timestamp'), {
    nullable: false,
    default: expr({ mysql: 'CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP' }),
  });

const accColumns = (): Column[] => [
  vc('sip_from', 128),
  vc('sip_to', 128),
  vc('sip_status', 128),
  vc('sip_method', 16),
  vc('i_uri', 128),
  vc('o_uri', 128),
  vc('from_uri', 128),
  vc('to_uri', 128),
  vc('sip_callid', 128),
  vc('username', 64),
  vc('domain', 128),
  vc('fromtag', 128),
  vc('totag', 128),
  notNull('time', t.datetime(), ZERO),
  autoTimestamp('timestamp'),
];

/** Columns shared by location and aliases (usrloc tables). */
const usrlocColumns = (): Column[] => [
  vc('username', 64),
  vc('domain', 128),
  vc('contact', 255),
  nullVc('received', 255),
  notNull('expires', t.datetime(), FOREVER),
  notNull('q', my('float(10,2)'), '1.0'),
  vc('callid', 255, 'Default-Call-ID'),
  notNull('cseq', t.integer(), 42),
  autoTimestamp('last_modified'),
  notNull('replicate', t.integer({ unsigned: true }), 0),
  notNull('state', my('tinyint(1) unsigned'), 0),
  notNull('flags', t.integer(), 0),
  vc('user_agent', 50),
];

/** subscriber and pending (unconfirmed subscriptions) share their columns. */
const subscriberColumns = (): Column[] => [
  vc('phplib_id', 32),
  vc('username', 64),
  vc('domain', 128),
  vc('password', 25),
  vc('first_name', 25),
  vc('last_name', 45),
  vc('phone', 15),
  vc('email_address', 50),
  notNull('datetime_created', t.datetime(), ZERO),
  notNull('datetime_modified', t.datetime(), ZERO),
  vc('confirmation', 64),
  notNull('flag', t.char(1), 'o'),
  vc('sendnotification', 50),
  vc('greeting', 50),
  vc('ha1', 128),
  vc('ha1b', 128),
  notNull('allow_find', t.char(1), '0'),
  nullVc('timezone', 128),
  nullVc('rpid', 128),
  col('domn', my('int(10)'), { default: expr('NULL') }),
  nullVc('uuid', 64),
];

export const SER09_TABLES: readonly TableSpec[] = [
  {
    name: 'acc',
    version: 2,
    module: 'acc',
    columns: accColumns().concat([
      notNull('caller_deleted', t.char(1), '0'),
      notNull('callee_deleted', t.char(1), '0'),
    ]),
    indexes: [
      { name: 'acc_user', columns: ['username', 'domain'] },
      { name: 'sip_callid', columns: ['sip_callid'] },
    ],
  },
  {
    name: 'active_sessions',
    version: 1,
    module: 'serweb',
    columns: [vc('sid', 32), vc('name', 32), col('val', t.text()), vc('changed', 14)],
    primaryKey: ['name', 'sid'],
    indexes: [{ name: 'changed', columns: ['changed'] }],
  },
  {
    name: 'aliases',
    version: 6,
    module: 'usrloc',
    columns: usrlocColumns(),
    primaryKey: ['username', 'domain', 'contact'],
    indexes: [{ name: 'aliases_contact', columns: ['contact'] }],
  },
  {
    name: 'event',
    version: 1,
    module: 'serweb',
    columns: [
      col('id', t.integer({ unsigned: true }), { nullable: false, autoIncrement: true }),
      vc('username', 64),
      vc('domain', 128),
      vc('uri', 255),
      vc('description', 255),
    ],
    primaryKey: ['id'],
  },
  {
    name: 'grp',
    version: 2,
    module: 'group',
    columns: [vc('username', 64), vc('domain', 128), vc('grp', 50), notNull('last_modified', t.datetime(), ZERO)],
    primaryKey: ['username', 'domain', 'grp'],
  },
  {
    name: 'location',
    version: 6,
    module: 'usrloc',
    columns: usrlocColumns(),
    primaryKey: ['username', 'domain', 'contact'],
  },
  {
    name: 'missed_calls',
    version: 2,
    module: 'acc',
    columns: accColumns(),
    indexes: [{ name: 'mc_user', columns: ['username', 'domain'] }],
  },
  {
    name: 'pending',
    version: 4,
    module: 'serweb',
    columns: subscriberColumns(),
    primaryKey: ['username', 'domain'],
    uniques: [{ name: 'phplib_id', columns: ['phplib_id'] }],
    indexes: [{ name: 'user_2', columns: ['username'] }],
  },
  {
    name: 'phonebook',
    version: 1,
    module: 'serweb',
    columns: [
      col('id', t.integer({ unsigned: true }), { nullable: false, autoIncrement: true }),
      vc('username', 64),
      vc('domain', 128),
      vc('fname', 32),
      vc('lname', 32),
      vc('sip_uri', 128),
    ],
    primaryKey: ['id'],
  },
  {
    name: 'reserved',
    version: 1,
    module: 'serweb',
    columns: [notNull('username', t.char(64), '')],
    uniques: [{ name: 'user2', columns: ['username'] }],
  },
  {
    name: 'subscriber',
    version: 5,
    module: 'auth_db',
    columns: subscriberColumns(),
    primaryKey: ['username', 'domain'],
    uniques: [{ name: 'phplib_id', columns: ['phplib_id'] }],
    indexes: [{ name: 'user_2', columns: ['username'] }],
  },
  {
    name: 'config',
    version: 1,
    module: 'serweb',
    columns: [
      vc('attribute', 32, null),
      vc('value', 128, null),
      vc('username', 64),
      vc('domain', 128),
      autoTimestamp('modified'),
    ],
  },
  {
    name: 'silo',
    version: 3,
    module: 'msilo',
    columns: [
      col('mid', t.integer(), { nullable: false, autoIncrement: true, primaryKey: true }),
      vc('src_addr', 255),
      vc('dst_addr', 255),
      vc('r_uri', 255),
      vc('username', 64),
      vc('domain', 128),
      notNull('inc_time', t.integer(), 0),
      notNull('exp_time', t.integer(), 0),
      vc('ctype', 32, 'text/plain'),
      notNull('body', t.blob(), ''),
    ],
  },
  {
    name: 'domain',
    version: 1,
    module: 'domain',
    columns: [vc('domain', 128), notNull('last_modified', t.datetime(), ZERO)],
    primaryKey: ['domain'],
  },
  {
    name: 'uri',
    version: 1,
    module: 'uri_db',
    columns: [vc('username', 64), vc('domain', 128), vc('uri_user', 50), notNull('last_modified', t.datetime(), ZERO)],
    primaryKey: ['username', 'domain', 'uri_user'],
  },
  {
    name: 'server_monitoring',
    version: 1,
    module: 'serweb',
    columns: [
      notNull('time', t.datetime(), ZERO),
      notNull('id', t.integer({ unsigned: true }), 0),
      vc('param', 32),
      notNull('value', my('int(10)'), 0),
      notNull('increment', my('int(10)'), 0),
    ],
    primaryKey: ['id', 'param'],
  },
  {
    name: 'usr_preferences',
    version: 2,
    module: 'avp_db',
    columns: [
      vc('uuid', 64),
      vc('username', 100, '0'),
      vc('domain', 128),
      vc('attribute', 32),
      vc('value', 128),
      notNull('type', t.integer(), 0),
      autoTimestamp('modified'),
    ],
    primaryKey: ['attribute', 'username', 'domain'],
  },
  {
    name: 'preferences_types',
    version: 1,
    module: 'serweb',
    columns: [
      vc('att_name', 50),
      vc('att_rich_type', 32, 'string'),
      notNull('att_raw_type', my('int(11) unsigned'), 2),
      col('att_type_spec', t.text()),
      vc('default_value', 100),
    ],
    primaryKey: ['att_name'],
  },
  {
    name: 'trusted',
    version: 1,
    module: 'permissions',
    columns: [vc('src_ip', 39, null), vc('proto', 4, null), vc('from_pattern', 64, null)],
    primaryKey: ['src_ip', 'proto', 'from_pattern'],
  },
  {
    name: 'server_monitoring_agg',
    version: 1,
    module: 'serweb',
    columns: [
      vc('param', 32),
      notNull('s_value', my('int(10)'), 0),
      notNull('s_increment', my('int(10)'), 0),
      notNull('last_aggregated_increment', my('int(10)'), 0),
      notNull('av', my('float'), 0),
      notNull('mv', my('int(10)'), 0),
      notNull('ad', my('float'), 0),
      notNull('lv', my('int(10)'), 0),
      notNull('min_val', my('int(10)'), 0),
      notNull('max_val', my('int(10)'), 0),
      notNull('min_inc', my('int(10)'), 0),
      notNull('max_inc', my('int(10)'), 0),
      notNull('lastupdate', t.datetime(), ZERO),
    ],
    primaryKey: ['param'],
  },
  {
    name: 'admin_privileges',
    version: 1,
    module: 'serweb',
    columns: [vc('username', 64), vc('domain', 128), vc('priv_name', 64), vc('priv_value', 64)],
    primaryKey: ['username', 'priv_name', 'priv_value', 'domain'],
  },
  {
    name: 'calls_forwarding',
    version: 1,
    module: 'serweb',
    columns: [
      vc('username', 64),
      vc('domain', 128),
      vc('uri_re', 128),
      vc('purpose', 32),
      vc('action', 32),
      nullVc('param1', 128),
      nullVc('param2', 128),
    ],
    primaryKey: ['username', 'domain', 'uri_re', 'purpose'],
  },
  {
    name: 'speed_dial',
    version: 2,
    module: 'speeddial',
    columns: [
      vc('username', 64),
      vc('domain', 128),
      vc('sd_username', 64),
      vc('sd_domain', 128),
      vc('new_uri', 192),
      vc('fname', 128),
      vc('lname', 128),
      vc('description', 64),
    ],
    primaryKey: ['username', 'domain', 'sd_username', 'sd_domain'],
  },
];

/** SER 0.9's version table: no key at all. */
export const SER09_VERSION_TABLE: TableSpec = {
  name: 'version',
  version: 0,
  module: 'ser',
  columns: [vc('table_name', 64, null), notNull('table_version', my('smallint(5)'), 0)],
};

/** The rows `ser_mysql.sh create` inserts, `realm` included (serweb's, no table). */
export const SER09_VERSION_ROWS: Record<string, number> = { ...versionsOf(SER09_TABLES), realm: 1 };

const DIALECTS: DialectName[] = ['mysql'];

const create: Migration = {
  version: '1',
  parent: null,
  description: 'SER 0.9.0 tables and version rows (ser_mysql.sh create)',
  kind: 'versioned',
  script: 'packs/ser/ser09.ts#1',
  dialects: DIALECTS,
  up: {
    ops: (op, ctx) => {
      createTables(op, ctx.dialect, [SER09_VERSION_TABLE], undefined, { ifNotExists: true });
      createTables(op, ctx.dialect, SER09_TABLES);
    },
  },
  down: {
    ops: (op) => {
      for (const tb of [...SER09_TABLES].reverse()) op.dropTable(tb.name);
    },
  },
};

export const ser09VersionTable = new VersionTable({
  platform: 'SER',
  ddl: createIfMissingSql(SER09_VERSION_TABLE, DIALECTS),
  steps: { '1': SER09_VERSION_ROWS },
  modules: Object.fromEntries([...SER09_TABLES.map((tb) => [tb.name, tb.module]), ['realm', 'serweb']]),
});

export const ser09Set: ScriptSet = {
  name: SER09_SET,
  migrations: [create],
  versionRecords: [ser09VersionTable],
  convention: 'numbered',
};

export const ser09Pack: Pack = {
  name: 'ser-0.9',
  description: 'SER 0.9 (iptel) MySQL schema, as scripts/ser_mysql.sh created it: 23 tables and the version table',
  sets: () => [ser09Set],
  defaultSets: [SER09_SET],
  tableGroups: {
    accounting: ['acc', 'missed_calls'],
    usrloc: ['location', 'aliases'],
    subscribers: [
      'subscriber',
      'pending',
      'uri',
      'grp',
      'usr_preferences',
      'admin_privileges',
      'speed_dial',
      'phonebook',
      'calls_forwarding',
    ],
    serweb: [
      'active_sessions',
      'event',
      'reserved',
      'config',
      'server_monitoring',
      'server_monitoring_agg',
      'preferences_types',
    ],
  },
  async detect(conn) {
    const v = await ser09VersionTable.read(conn, ser09Set);
    return v ? [{ set: SER09_SET, version: v }] : undefined;
  },
  grants(dialect, opts) {
    return serGrants(dialect, opts, { rw: 'ser', ro: 'serro' });
  },
};

/** The users SER's scripts create: `ser` (all privileges on the database) and `serro` (SELECT). */
export function serGrants(
  dialect: DialectName,
  opts: Record<string, string>,
  d: { rw: string; ro: string },
): { role: string; statements: string[] }[] {
  const db = opts.database ?? 'ser';
  const rw = opts.rwUser ?? d.rw;
  const ro = opts.roUser ?? d.ro;
  const host = opts.host ?? '%';
  const pw = (p: string | undefined, who: string) => (p ?? `<password for ${who}>`).replace(/'/g, "''");
  const grants: Record<DialectName, () => { role: string; statements: string[] }[]> = {
    mysql: () => [
      {
        role: rw,
        statements: [
          `CREATE USER IF NOT EXISTS '${rw}'@'${host}' IDENTIFIED BY '${pw(opts.rwPassword, rw)}'`,
          `GRANT ALL PRIVILEGES ON \`${db}\`.* TO '${rw}'@'${host}'`,
        ],
      },
      {
        role: ro,
        statements: [
          `CREATE USER IF NOT EXISTS '${ro}'@'${host}' IDENTIFIED BY '${pw(opts.roPassword, ro)}'`,
          `GRANT SELECT ON \`${db}\`.* TO '${ro}'@'${host}'`,
        ],
      },
    ],
    postgres: () => [
      {
        role: rw,
        statements: [
          `CREATE USER "${rw}" WITH PASSWORD '${pw(opts.rwPassword, rw)}'`,
          `GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO "${rw}"`,
          `GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public TO "${rw}"`,
        ],
      },
      {
        role: ro,
        statements: [
          `CREATE USER "${ro}" WITH PASSWORD '${pw(opts.roPassword, ro)}'`,
          `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${ro}"`,
        ],
      },
    ],
    // SQLite has no users.
    sqlite: () => [],
  };
  return grants[dialect]();
}
