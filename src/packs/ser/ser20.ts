/**
 * Pack `ser-2.0`: the SER 2.0 database as `scripts/{mysql,postgres}/ser_*.sh create` made it
 * (branch rel_2_0_0 of kamailio/kamailio: db/schema/*.xml -> scripts/mysql/my_create.sql,
 * scripts/postgres/pg_create.sql, then my_data.sql / pg_data.sql). MySQL/MariaDB and PostgreSQL.
 *
 * Set `ser-2.0`:
 *   migration "1": 38 tables plus `version` (no key) with one row per table —
 *     acc 4, missed_calls 4, credentials 7, attr_types 4, global_attrs 1, domain_attrs 1,
 *     user_attrs 3, uri_attrs 2, domain 2, domain_settings 1, location 9, contact_attrs 1,
 *     trusted 1, ipmatch 1, phonebook 1, gw 3, gw_grp 2, lcr 1, grp 3, silo 4, uri 3,
 *     speed_dial 2, sd_attrs 1, presentity 5, presentity_notes 5, presentity_extensions 5,
 *     presentity_contact 5, watcherinfo 5, tuple_notes 5, tuple_extensions 5, offline_winfo 5,
 *     rls_subscription 1, rls_vs 1, rls_vs_names 1, i18n 1, pdt 1, cpl 2, customers 1.
 *   migration "2": the initial data (39 attr_types, 11 global_attrs, 102 i18n reason phrases).
 *
 * Tables with an AUTO_INCREMENT/SERIAL id have no primary key, only a UNIQUE key on it, as
 * upstream. On PostgreSQL pg_create.sql names two indexes `did_idx` (credentials, domain); the
 * second fails under psql and SER 2.0 PostgreSQL databases have no index on domain.did —
 * voipdb makes the same database.
 */

import type { Column } from '../../schema/types.js';
import { col, expr, t, value } from '../../schema/operations.js';
import type { Migration, Pack, ScriptSet } from '../../engine/types.js';
import type { DialectName } from '../../db/url.js';
import { createIfMissingSql, createTables, versionsOf, type TableSpec } from '../kamailio/table-spec.js';
import { VersionTable } from '../kamailio/version-table.js';
import { serGrants } from './ser09.js';
import { SER20_ATTR_TYPES, SER20_GLOBAL_ATTRS, SER20_I18N } from './ser20-data.js';

export const SER20_SET = 'ser-2.0';

const nn = (name: string, type: Column['type'], def?: string | number) =>
  col(name, type, def === undefined ? { nullable: false } : { nullable: false, default: value(def) });
const str = (name: string, n: number) => col(name, t.string(n));
const strNN = (name: string, n: number, def?: string) => nn(name, t.string(n), def);
const int = (name: string) => col(name, t.integer());
const uint = (name: string) => col(name, t.integer({ unsigned: true }));
const flags = () => nn('flags', t.integer({ unsigned: true }), 0);
const serial = (name: string, unsigned = false) =>
  col(name, t.integer({ unsigned }), { nullable: false, autoIncrement: true });
/** An explicit DEFAULT NULL, as the scripts write it (PostgreSQL keeps it in the catalog). */
const NULL = expr('NULL');
const FLOAT = t.custom({ mysql: 'FLOAT', postgres: 'REAL', sqlite: 'REAL' });
const intW = (w: number) => t.custom({ mysql: `INT(${w})`, postgres: 'INTEGER', sqlite: 'INTEGER' });

const accColumns = (): Column[] => [
  serial('id'),
  str('from_uid', 64),
  str('to_uid', 64),
  str('to_did', 64),
  str('from_did', 64),
  str('sip_from', 255),
  str('sip_to', 255),
  str('sip_status', 128),
  str('sip_method', 16),
  str('in_ruri', 255),
  str('out_ruri', 255),
  str('from_uri', 255),
  str('to_uri', 255),
  str('sip_callid', 255),
  int('sip_cseq'),
  str('digest_username', 64),
  str('digest_realm', 255),
  str('from_tag', 128),
  str('to_tag', 128),
  uint('src_ip'),
  col('src_port', t.smallint({ unsigned: true })),
  nn('request_timestamp', t.datetime()),
  nn('response_timestamp', t.datetime()),
  flags(),
  str('attrs', 255),
];

/** name/type/value/flags attribute rows (global_attrs, domain_attrs). */
const attr = (): Column[] => [nn('name', t.string(32)), nn('type', t.integer(), 0), str('value', 255), flags()];

const presence = (name: string, columns: Column[], uniques?: TableSpec['uniques']): TableSpec => ({
  name,
  version: 5,
  module: 'pa',
  columns,
  uniques,
});

export const SER20_TABLES: readonly TableSpec[] = [
  {
    name: 'acc',
    version: 4,
    module: 'acc_db',
    columns: accColumns(),
    uniques: [{ name: 'acc_id_key', columns: ['id'] }],
    indexes: [
      { name: 'acc_cid_key', columns: ['sip_callid'] },
      { name: 'acc_from_uid', columns: ['from_uid'] },
      { name: 'acc_to_uid', columns: ['to_uid'] },
    ],
  },
  {
    name: 'missed_calls',
    version: 4,
    module: 'acc_db',
    columns: accColumns(),
    uniques: [{ name: 'mc_id_key', columns: ['id'] }],
    indexes: [
      { name: 'mc_cid_key', columns: ['sip_callid'] },
      { name: 'mc_to_uid', columns: ['to_uid'] },
    ],
  },
  {
    name: 'credentials',
    version: 7,
    module: 'auth_db',
    columns: [
      strNN('auth_username', 64),
      strNN('did', 64, '_default'),
      strNN('realm', 64),
      strNN('password', 28, ''),
      nn('flags', t.integer(), 0),
      strNN('ha1', 32),
      strNN('ha1b', 32, ''),
      strNN('uid', 64),
    ],
    indexes: [
      { name: 'cred_idx', columns: ['auth_username', 'did'] },
      { name: 'uid', columns: ['uid'] },
      { name: 'did_idx', columns: ['did'] },
      { name: 'realm_idx', columns: ['realm'] },
    ],
  },
  {
    name: 'attr_types',
    version: 4,
    module: 'avp_db',
    columns: [
      strNN('name', 32),
      strNN('rich_type', 32, 'string'),
      nn('raw_type', t.integer(), 2),
      col('type_spec', t.string(255), { default: NULL }),
      col('description', t.string(255), { default: NULL }),
      nn('default_flags', t.integer(), 0),
      nn('flags', t.integer(), 0),
      nn('priority', t.integer(), 0),
      nn('access', t.integer(), 0),
      nn('ordering', t.integer(), 0),
      strNN('grp', 32, 'other'),
    ],
    uniques: [{ name: 'upt_idx1', columns: ['name'] }],
  },
  {
    name: 'global_attrs',
    version: 1,
    module: 'avp_db',
    columns: attr(),
    uniques: [{ name: 'global_attrs_idx', columns: ['name', 'value'] }],
  },
  {
    name: 'domain_attrs',
    version: 1,
    module: 'domain',
    columns: [str('did', 64), ...attr()],
    uniques: [{ name: 'domain_attr_idx', columns: ['did', 'name', 'value'] }],
    indexes: [{ name: 'domain_did', columns: ['did', 'flags'] }],
  },
  {
    name: 'user_attrs',
    version: 3,
    module: 'avp_db',
    columns: [strNN('uid', 64), nn('name', t.string(32)), str('value', 255), nn('type', t.integer(), 0), flags()],
    uniques: [{ name: 'userattrs_idx', columns: ['uid', 'name', 'value'] }],
  },
  {
    name: 'uri_attrs',
    version: 2,
    module: 'avp_db',
    columns: [
      strNN('username', 64),
      strNN('did', 64),
      nn('name', t.string(32)),
      str('value', 255),
      nn('type', t.integer(), 0),
      flags(),
      strNN('scheme', 8, 'sip'),
    ],
    uniques: [{ name: 'uriattrs_idx', columns: ['username', 'did', 'name', 'value', 'scheme'] }],
  },
  {
    name: 'domain',
    version: 2,
    module: 'domain',
    columns: [strNN('did', 64), strNN('domain', 128), flags()],
    uniques: [{ name: 'domain_idx', columns: ['domain'] }],
    indexes: [{ name: 'did_idx', columns: ['did'] }],
    skipIndexes: { postgres: ['did_idx'], sqlite: ['did_idx'] },
  },
  {
    name: 'domain_settings',
    version: 1,
    module: 'domain',
    columns: [
      strNN('did', 64),
      strNN('filename', 255),
      nn('version', t.integer({ unsigned: true })),
      uint('timestamp'),
      col('content', t.blob()),
      flags(),
    ],
    uniques: [{ name: 'ds_id', columns: ['did', 'filename', 'version'] }],
    indexes: [{ name: 'ds_df', columns: ['did', 'filename'] }],
  },
  {
    name: 'location',
    version: 9,
    module: 'usrloc',
    columns: [
      strNN('uid', 64),
      strNN('aor', 255),
      strNN('contact', 255),
      str('received', 255),
      nn('expires', t.datetime(), '1970-01-01 00:00:00'),
      nn('q', FLOAT, '1.0'),
      str('callid', 255),
      uint('cseq'),
      flags(),
      str('user_agent', 64),
      str('instance', 255),
    ],
    uniques: [{ name: 'location_key', columns: ['uid', 'contact'] }],
    indexes: [
      { name: 'location_contact', columns: ['contact'] },
      { name: 'location_expires', columns: ['expires'] },
    ],
  },
  {
    name: 'contact_attrs',
    version: 1,
    module: 'usrloc',
    columns: [
      strNN('uid', 64),
      strNN('contact', 255),
      nn('name', t.string(32)),
      str('value', 255),
      nn('type', t.integer(), 0),
      flags(),
    ],
    uniques: [{ name: 'contactattrs_idx', columns: ['uid', 'contact', 'name'] }],
  },
  {
    name: 'trusted',
    version: 1,
    module: 'permissions',
    columns: [strNN('src_ip', 39), strNN('proto', 4), strNN('from_pattern', 64)],
    uniques: [{ name: 'trusted_idx', columns: ['src_ip', 'proto', 'from_pattern'] }],
  },
  {
    name: 'ipmatch',
    version: 1,
    module: 'permissions',
    columns: [
      strNN('ip', 50, ''),
      col('avp_val', t.string(30), { default: NULL }),
      nn('mark', t.integer({ unsigned: true }), 1),
      nn('flags', t.integer({ unsigned: true }), 0),
    ],
    uniques: [{ name: 'ipmatch_idx', columns: ['ip', 'mark'] }],
  },
  {
    name: 'phonebook',
    version: 1,
    module: 'serweb',
    columns: [serial('id'), strNN('uid', 64), str('fname', 32), str('lname', 32), strNN('sip_uri', 255)],
    uniques: [{ name: 'pb_idx', columns: ['id'] }],
    indexes: [{ name: 'pb_uid', columns: ['uid'] }],
  },
  {
    name: 'gw',
    version: 3,
    module: 'lcr',
    columns: [
      strNN('gw_name', 128),
      nn('ip_addr', t.integer({ unsigned: true })),
      col('port', t.smallint({ unsigned: true })),
      col('uri_scheme', t.custom({ mysql: 'TINYINT UNSIGNED', postgres: 'SMALLINT', sqlite: 'SMALLINT' })),
      col('transport', t.smallint({ unsigned: true })),
      nn('grp_id', t.integer()),
    ],
    uniques: [{ name: 'gw_idx1', columns: ['gw_name'] }],
    indexes: [{ name: 'gw_idx2', columns: ['grp_id'] }],
  },
  {
    name: 'gw_grp',
    version: 2,
    module: 'lcr',
    columns: [serial('grp_id'), strNN('grp_name', 64)],
    uniques: [{ name: 'gwgrp_idx', columns: ['grp_id'] }],
  },
  {
    name: 'lcr',
    version: 1,
    module: 'lcr',
    columns: [strNN('prefix', 16), strNN('from_uri', 255, '%'), int('grp_id'), int('priority')],
    indexes: [
      { name: 'lcr_idx1', columns: ['prefix'] },
      { name: 'lcr_idx2', columns: ['from_uri'] },
      { name: 'lcr_idx3', columns: ['grp_id'] },
    ],
  },
  {
    name: 'grp',
    version: 3,
    module: 'group',
    columns: [strNN('uid', 64, ''), strNN('grp', 64, ''), nn('last_modified', t.datetime(), '1970-01-01 00:00:00')],
    indexes: [{ name: 'grp_idx', columns: ['uid', 'grp'] }],
  },
  {
    name: 'silo',
    version: 4,
    module: 'msilo',
    columns: [
      serial('mid'),
      strNN('from_hdr', 255),
      strNN('to_hdr', 255),
      strNN('ruri', 255),
      strNN('uid', 64),
      nn('inc_time', t.datetime(), '1970-01-01 00:00:00'),
      nn('exp_time', t.datetime(), '1970-01-01 00:00:00'),
      strNN('ctype', 128, 'text/plain'),
      nn('body', t.blob(), ''),
    ],
    uniques: [{ name: 'silo_idx1', columns: ['mid'] }],
  },
  {
    name: 'uri',
    version: 3,
    module: 'uri_db',
    columns: [strNN('uid', 64), strNN('did', 64), strNN('username', 64), flags(), strNN('scheme', 8, 'sip')],
    indexes: [
      { name: 'uri_idx1', columns: ['username', 'did', 'scheme'] },
      { name: 'uri_uid', columns: ['uid'] },
    ],
  },
  {
    name: 'speed_dial',
    version: 2,
    module: 'speeddial',
    columns: [serial('id'), strNN('uid', 64), strNN('dial_username', 64), strNN('dial_did', 64), strNN('new_uri', 255)],
    uniques: [
      { name: 'speeddial_idx1', columns: ['uid', 'dial_did', 'dial_username'] },
      { name: 'speeddial_id', columns: ['id'] },
    ],
    indexes: [{ name: 'speeddial_uid', columns: ['uid'] }],
  },
  {
    name: 'sd_attrs',
    version: 1,
    module: 'speeddial',
    columns: [strNN('id', 64), nn('name', t.string(32)), str('value', 255), nn('type', t.integer(), 0), flags()],
    uniques: [{ name: 'sd_idx', columns: ['id', 'name', 'value'] }],
  },
  presence(
    'presentity',
    [strNN('pres_id', 64), strNN('uri', 255), strNN('uid', 64), strNN('pdomain', 128), nn('xcap_params', t.blob())],
    [{ name: 'presentity_key', columns: ['pres_id'] }],
  ),
  presence(
    'presentity_notes',
    [
      strNN('dbid', 64),
      strNN('pres_id', 64),
      strNN('etag', 64),
      strNN('note', 128),
      strNN('lang', 64),
      nn('expires', t.datetime(), '2005-12-07 08:13:15'),
    ],
    [{ name: 'pnotes_idx1', columns: ['dbid'] }],
  ),
  presence(
    'presentity_extensions',
    [
      strNN('dbid', 64),
      strNN('pres_id', 64),
      strNN('etag', 64),
      nn('element', t.blob()),
      nn('expires', t.datetime(), '2005-12-07 08:13:15'),
    ],
    [{ name: 'presextensions_idx1', columns: ['dbid'] }],
  ),
  presence(
    'presentity_contact',
    [
      strNN('pres_id', 64),
      nn('basic', intW(3)),
      nn('expires', t.datetime(), '2004-05-28 21:32:15'),
      nn('priority', FLOAT, '0.5'),
      str('contact', 255),
      strNN('tupleid', 64),
      strNN('etag', 64),
      strNN('published_id', 64),
    ],
    [{ name: 'presid_index', columns: ['pres_id', 'tupleid'] }],
  ),
  presence(
    'watcherinfo',
    [
      strNN('w_uri', 255),
      strNN('display_name', 128),
      strNN('s_id', 64),
      strNN('package', 32, 'presence'),
      strNN('status', 32, 'pending'),
      strNN('event', 32),
      nn('expires', t.datetime(), '2005-12-07 08:13:15'),
      nn('accepts', t.integer()),
      strNN('pres_id', 64),
      strNN('server_contact', 255),
      nn('dialog', t.blob()),
      nn('doc_index', t.integer()),
    ],
    [{ name: 'wi_idx1', columns: ['s_id'] }],
  ),
  presence('tuple_notes', [strNN('pres_id', 64), strNN('tupleid', 64), strNN('note', 128), strNN('lang', 64)]),
  presence('tuple_extensions', [
    strNN('pres_id', 64),
    strNN('tupleid', 64),
    nn('element', t.blob()),
    nn('status_extension', intW(1)),
  ]),
  presence(
    'offline_winfo',
    [
      strNN('uid', 64),
      strNN('watcher', 255),
      strNN('events', 64),
      str('domain', 128),
      str('status', 32),
      nn('created_on', t.datetime(), '2006-01-31 13:13:13'),
      nn('expires_on', t.datetime(), '2006-01-31 13:13:13'),
      serial('dbid', true),
    ],
    [{ name: 'offline_winfo_key', columns: ['dbid'] }],
  ),
  {
    name: 'rls_subscription',
    version: 1,
    module: 'rls',
    columns: [
      strNN('id', 48),
      nn('doc_version', t.integer()),
      nn('dialog', t.blob()),
      nn('expires', t.datetime(), '2005-12-02 09:00:13'),
      nn('status', t.integer()),
      strNN('contact', 255),
      strNN('uri', 255),
      strNN('package', 128),
      strNN('w_uri', 255),
      nn('xcap_params', t.blob()),
    ],
    uniques: [{ name: 'rls_subscription_key', columns: ['id'] }],
  },
  {
    name: 'rls_vs',
    version: 1,
    module: 'rls',
    columns: [strNN('id', 48), strNN('rls_id', 48), strNN('uri', 255)],
    uniques: [{ name: 'rls_vs_key', columns: ['id'] }],
  },
  { name: 'rls_vs_names', version: 1, module: 'rls', columns: [strNN('id', 48), str('name', 64), str('lang', 64)] },
  {
    name: 'i18n',
    version: 1,
    module: 'textops',
    columns: [
      nn('code', t.integer()),
      col('reason_re', t.string(255), { default: NULL }),
      strNN('lang', 32),
      str('new_reason', 255),
    ],
    uniques: [{ name: 'i18n_uniq_idx', columns: ['code', 'lang'] }],
    indexes: [{ name: 'i18n_idx', columns: ['code'] }],
  },
  {
    name: 'pdt',
    version: 1,
    module: 'pdt',
    columns: [strNN('prefix', 32), strNN('domain', 255)],
    uniques: [{ name: 'pdt_idx', columns: ['prefix'] }],
  },
  {
    name: 'cpl',
    version: 2,
    module: 'cpl-c',
    columns: [strNN('uid', 64), col('cpl_xml', t.blob()), col('cpl_bin', t.blob())],
    uniques: [{ name: 'cpl_key', columns: ['uid'] }],
  },
  {
    name: 'customers',
    version: 1,
    module: 'serweb',
    columns: [serial('cid'), strNN('name', 128), str('address', 255), str('phone', 64), str('email', 255)],
    uniques: [{ name: 'cu_idx', columns: ['cid'] }],
  },
];

/** SER 2.0's version table: no key. */
export const SER20_VERSION_TABLE: TableSpec = {
  name: 'version',
  version: 0,
  module: 'ser',
  columns: [strNN('table_name', 32), nn('table_version', t.integer({ unsigned: true }), 0)],
};

export const SER20_VERSION_ROWS: Record<string, number> = versionsOf(SER20_TABLES);

// SER 2.0 shipped MySQL and PostgreSQL scripts; SQLite gets the same tables, so `convert ser` writes any dialect.
const DIALECTS: DialectName[] = ['mysql', 'postgres', 'sqlite'];

/** Rows grouped by their column list, so each insert names exactly the columns the script named. */
function byColumns(rows: Record<string, unknown>[]): Record<string, unknown>[][] {
  const groups: Record<string, unknown>[][] = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && Object.keys(last[0]!).join() === Object.keys(r).join()) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

const migrations: Migration[] = [
  {
    version: '1',
    parent: null,
    description: 'SER 2.0 tables and version rows (my_create.sql / pg_create.sql)',
    kind: 'versioned',
    script: 'packs/ser/ser20.ts#1',
    dialects: DIALECTS,
    up: {
      ops: (op, ctx) => {
        createTables(op, ctx.dialect, [SER20_VERSION_TABLE], undefined, { ifNotExists: true });
        createTables(op, ctx.dialect, SER20_TABLES);
      },
    },
    down: {
      ops: (op) => {
        for (const tb of [...SER20_TABLES].reverse()) op.dropTable(tb.name);
      },
    },
  },
  {
    version: '2',
    parent: '1',
    description: 'SER 2.0 initial data: attribute types, global attributes, reason phrases (my_data.sql / pg_data.sql)',
    kind: 'versioned',
    script: 'packs/ser/ser20.ts#2',
    dialects: DIALECTS,
    up: {
      ops: (op) => {
        for (const [table, rows] of [
          ['attr_types', SER20_ATTR_TYPES],
          ['global_attrs', SER20_GLOBAL_ATTRS],
          ['i18n', SER20_I18N],
        ] as const) {
          for (const group of byColumns(rows)) op.insertRows(table, group, { onConflict: 'error' });
        }
      },
    },
    down: {
      ops: (op) => {
        for (const table of ['attr_types', 'global_attrs', 'i18n']) op.sql(`DELETE FROM ${table}`);
      },
    },
  },
];

export const ser20VersionTable = new VersionTable({
  platform: 'SER',
  ddl: createIfMissingSql(SER20_VERSION_TABLE, DIALECTS),
  steps: { '1': SER20_VERSION_ROWS },
  modules: Object.fromEntries(SER20_TABLES.map((tb) => [tb.name, tb.module])),
});

export const ser20Set: ScriptSet = {
  name: SER20_SET,
  migrations,
  versionRecords: [ser20VersionTable],
  convention: 'numbered',
};

export const ser20Pack: Pack = {
  name: 'ser-2.0',
  description:
    'SER 2.0 schema (MySQL, PostgreSQL; SQLite with the same tables), as scripts/*/ser_*.sh create made it: 38 tables, the version table and initial data',
  sets: () => [ser20Set],
  defaultSets: [SER20_SET],
  tableGroups: {
    accounting: ['acc', 'missed_calls'],
    usrloc: ['location', 'contact_attrs'],
    subscribers: [
      'credentials',
      'uri',
      'user_attrs',
      'uri_attrs',
      'grp',
      'speed_dial',
      'sd_attrs',
      'phonebook',
      'cpl',
      'silo',
    ],
    domains: ['domain', 'domain_attrs', 'domain_settings'],
    presence: [
      'presentity',
      'presentity_notes',
      'presentity_extensions',
      'presentity_contact',
      'watcherinfo',
      'tuple_notes',
      'tuple_extensions',
      'offline_winfo',
      'rls_subscription',
      'rls_vs',
      'rls_vs_names',
    ],
  },
  async detect(conn) {
    const v = await ser20VersionTable.read(conn, ser20Set);
    if (!v) return undefined;
    // The data migration leaves no version row: count it applied when its attribute types are there.
    const seeded = await conn
      .query<{ n: unknown }>("SELECT COUNT(*) AS n FROM attr_types WHERE name = 'digest_realm'")
      .catch(() => []);
    return [{ set: SER20_SET, version: Number(seeded[0]?.n ?? 0) > 0 ? '2' : v }];
  },
  grants(dialect, opts) {
    return serGrants(dialect, opts, { rw: 'ser', ro: 'serro' });
  },
};
