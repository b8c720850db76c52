// The Ominis Cluster Manager's own tables (set `ominis`), from its "Database Schema &
// Migrations" document: extensions, the IVR tables, cdr and acl_entries, the call-center indexes
// it adds on mod_callcenter's tables, and the acl_entries seed rows. PostgreSQL is the document's
// database; the same shape is spelled for MySQL/MariaDB and SQLite by the dialect renderers.

import type { DialectName } from '../../db/url.js';
import type { Migration, ScriptSet } from '../../engine/types.js';
import { col, expr, t, value, type Ops } from '../../schema/operations.js';
import type { Column } from '../../schema/types.js';

const v = (name: string, length: number, o: Omit<Column, 'name' | 'type'> = {}): Column =>
  col(name, t.string(length), o);
const text = (name: string, o: Omit<Column, 'name' | 'type'> = {}): Column => col(name, t.text(), o);
const required = { nullable: false };
// TIMESTAMP on PostgreSQL and SQLite, DATETIME on MySQL (no 2038 limit, no implicit ON UPDATE).
const stamp = (name: string, withDefault = true): Column =>
  col(name, t.datetime(), withDefault ? { default: expr('CURRENT_TIMESTAMP') } : {});
const serialId = (): Column => col('id', t.integer(), { autoIncrement: true, primaryKey: true, nullable: false });

export const extensionStatuses = ['active', 'inactive', 'suspended'];
export const ivrStatuses = ['pending', 'running', 'stopped', 'error'];

/** Tables that carry updated_at, kept current by a trigger. */
export const touchedTables: { table: string }[] = [
  { table: 'extensions' },
  { table: 'ivrs' },
  { table: 'ivr_menus' },
  { table: 'acl_entries' },
];

export const aclSeedRows = [
  { list_name: 'trusted_users', cidr: '10.42.0.0/16', permission: 'allow', description: 'Kubernetes pod network' },
  { list_name: 'trusted_users', cidr: '10.43.0.0/16', permission: 'allow', description: 'Kubernetes service network' },
  { list_name: 'trusted_users', cidr: '127.0.0.1/32', permission: 'allow', description: 'Localhost' },
];

/** cdr's columns; mod_odbc_cdr fills them (see ./cdr.ts for the field mapping). */
export const cdrColumns: Column[] = [
  v('uuid', 255, { primaryKey: true, nullable: false }),
  v('caller_id_name', 255),
  v('caller_id_number', 255),
  v('destination_number', 255),
  v('context', 255),
  stamp('start_stamp', false),
  stamp('answer_stamp', false),
  stamp('end_stamp', false),
  col('duration', t.integer()),
  col('billsec', t.integer()),
  v('hangup_cause', 255),
  text('json_cdr'),
  // queue fields
  v('queue_name', 255),
  v('agent_name', 255),
  v('member_session_uuid', 255),
  v('member_state', 50),
  // node identification
  v('switch_name', 255),
  stamp('created_at'),
];

/** Every index the document lists: [name, table, columns]. */
export const ominisIndexes: [string, string, string[]][] = [
  ['idx_extensions_status', 'extensions', ['status']],
  ['idx_extensions_department', 'extensions', ['department']],
  ['idx_extensions_email', 'extensions', ['email']],
  ['idx_ivrs_status', 'ivrs', ['status']],
  ['idx_ivr_menus_ivr_name', 'ivr_menus', ['ivr_name']],
  ['idx_ivr_menus_menu_id', 'ivr_menus', ['menu_id']],
  ['idx_ivr_menu_options_menu_id', 'ivr_menu_options', ['menu_id']],
  ['idx_ivr_tts_cache_hash', 'ivr_tts_cache', ['text_hash']],
  ['idx_cdr_queue', 'cdr', ['queue_name']],
  ['idx_cdr_start', 'cdr', ['start_stamp']],
  ['idx_cdr_hangup', 'cdr', ['hangup_cause']],
  ['idx_cdr_switch', 'cdr', ['switch_name']],
  ['idx_acl_entries_list', 'acl_entries', ['list_name']],
  // on mod_callcenter's tables (set freeswitch/callcenter)
  ['idx_agents_name', 'agents', ['name']],
  ['idx_agents_uuid', 'agents', ['uuid']],
  ['idx_agents_status', 'agents', ['status']],
  ['idx_agents_state', 'agents', ['state']],
  ['idx_tiers_queue', 'tiers', ['queue']],
  ['idx_tiers_agent', 'tiers', ['agent']],
  ['idx_tiers_state', 'tiers', ['state']],
  ['idx_members_queue', 'members', ['queue']],
  ['idx_members_uuid', 'members', ['uuid']],
  ['idx_members_session_uuid', 'members', ['session_uuid']],
  ['idx_members_state', 'members', ['state']],
];

export const ominisTables = [
  'extensions',
  'ivrs',
  'ivr_menus',
  'ivr_menu_options',
  'ivr_tts_cache',
  'cdr',
  'acl_entries',
];

const TOUCH_FN = 'ominis_set_updated_at';

/** updated_at = now on every UPDATE: a trigger on each dialect, as each dialect spells one. */
const touchTrigger: Record<DialectName, (table: string, name: string) => string> = {
  postgres: (table, name) =>
    `CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE PROCEDURE ${TOUCH_FN}()`,
  mysql: (table, name) =>
    `CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} FOR EACH ROW SET NEW.updated_at = CURRENT_TIMESTAMP`,
  // SQLite cannot assign NEW: update the row after; recursive_triggers is off, so this does not recurse.
  sqlite: (table, name) =>
    `CREATE TRIGGER ${name} AFTER UPDATE ON ${table} FOR EACH ROW BEGIN UPDATE ${table} SET updated_at = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END`,
};

function createOminis(op: Ops): void {
  const ifNotExists = true;
  op.createTable(
    'extensions',
    [
      v('number', 20, { primaryKey: true, nullable: false }),
      v('password', 255, required),
      v('display_name', 255),
      v('email', 255),
      v('department', 255),
      v('status', 20, { default: value('active') }),
      col('call_forwarding_json', t.jsonb()),
      col('voicemail_json', t.jsonb()),
      col('features_json', t.jsonb()),
      stamp('created_at'),
      stamp('updated_at'),
    ],
    {
      ifNotExists,
      checks: [
        {
          name: 'extensions_status_check',
          expression: `status IN (${extensionStatuses.map((s) => `'${s}'`).join(', ')})`,
        },
      ],
    },
  );
  op.createTable(
    'ivrs',
    [
      v('name', 64, { primaryKey: true, nullable: false }),
      text('description'),
      text('openai_api_key', required), // encrypted at rest in production
      v('default_language', 10, { default: value('en') }),
      v('default_voice', 50, { default: value('alloy') }),
      v('tts_model', 50, { default: value('tts-1') }),
      v('status', 20, { default: value('pending') }),
      v('pod_name', 255),
      v('service_name', 255),
      stamp('created_at'),
      stamp('updated_at'),
    ],
    {
      ifNotExists,
      checks: [{ name: 'ivrs_status_check', expression: `status IN (${ivrStatuses.map((s) => `'${s}'`).join(', ')})` }],
    },
  );
  op.createTable(
    'ivr_menus',
    [
      serialId(),
      v('ivr_name', 64, required),
      v('menu_id', 100, required),
      text('prompt_text', required),
      v('tts_voice', 50),
      col('timeout_seconds', t.integer(), { default: value(5) }),
      col('max_retries', t.integer(), { default: value(3) }),
      text('invalid_prompt'),
      stamp('created_at'),
      stamp('updated_at'),
    ],
    {
      ifNotExists,
      uniques: [{ name: 'ivr_menus_ivr_name_menu_id_key', columns: ['ivr_name', 'menu_id'] }],
      foreignKeys: [
        {
          name: 'ivr_menus_ivr_name_fkey',
          columns: ['ivr_name'],
          refTable: 'ivrs',
          refColumns: ['name'],
          onDelete: 'CASCADE',
        },
      ],
    },
  );
  op.createTable(
    'ivr_menu_options',
    [
      serialId(),
      col('menu_id', t.integer(), required),
      v('digit', 10, required),
      v('action_type', 50, required),
      text('action_target', required),
      col('action_config', t.jsonb()),
      text('description'),
      stamp('created_at'),
    ],
    {
      ifNotExists,
      uniques: [{ name: 'ivr_menu_options_menu_id_digit_key', columns: ['menu_id', 'digit'] }],
      foreignKeys: [
        {
          name: 'ivr_menu_options_menu_id_fkey',
          columns: ['menu_id'],
          refTable: 'ivr_menus',
          refColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
    },
  );
  op.createTable(
    'ivr_tts_cache',
    [
      serialId(),
      v('text_hash', 64, { nullable: false, unique: true }), // SHA256(text + voice + language + model)
      text('text', required),
      v('language', 10, required),
      v('voice', 50, required),
      v('model', 50, required),
      text('file_path', required),
      col('file_size_bytes', t.integer()),
      stamp('created_at'),
      stamp('last_accessed_at'),
      col('access_count', t.integer(), { default: value(0) }),
    ],
    { ifNotExists },
  );
  op.createTable('cdr', cdrColumns, { ifNotExists });
  op.createTable(
    'acl_entries',
    [
      serialId(),
      v('list_name', 64, { nullable: false, default: value('trusted_users') }),
      v('cidr', 128, required),
      v('permission', 10, { nullable: false, default: value('allow') }),
      text('description'),
      stamp('created_at'),
      stamp('updated_at'),
    ],
    { ifNotExists, uniques: [{ name: 'acl_entries_list_name_cidr_key', columns: ['list_name', 'cidr'] }] },
  );
  for (const [name, table, columns] of ominisIndexes) op.createIndex(name, table, columns, { ifNotExists });

  op.createFunction({
    name: TOUCH_FN,
    signature: `${TOUCH_FN}()`,
    sql: {
      postgres: `CREATE OR REPLACE FUNCTION ${TOUCH_FN}() RETURNS TRIGGER AS $$
BEGIN
  NEW.updated_at = CURRENT_TIMESTAMP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql`,
    },
  });
  for (const { table } of touchedTables) {
    const name = `trg_${table}_updated_at`;
    // Dropped first, like every statement here safe to run again (the document's promise, kept
    // even on a database its own migrate.py built), on every server version.
    op.dropTrigger(name, table, { ifExists: true });
    op.createTrigger({
      name,
      table,
      sql: {
        postgres: touchTrigger.postgres(table, name),
        mysql: touchTrigger.mysql(table, name),
        sqlite: touchTrigger.sqlite(table, name),
      },
    });
  }
  // Seed rows: loaded once, never duplicated, never overwriting an admin's edits.
  op.insertRows('acl_entries', aclSeedRows, { onConflict: 'ignore', conflictColumns: ['list_name', 'cidr'] });
}

const initial: Migration = {
  version: '0001',
  description: 'Ominis call-center schema: extensions, IVR, cdr, ACL, call-center indexes, ACL seed rows',
  kind: 'versioned',
  script: 'packs/ominis/schema.ts',
  up: { ops: (op) => createOminis(op) },
  down: {
    ops: (op) => {
      for (const [name, table] of ominisIndexes.filter(([, table]) => !ominisTables.includes(table)))
        op.dropIndex(name, table, { ifExists: true });
      for (const table of [...ominisTables].reverse()) op.dropTable(table, { ifExists: true });
      op.dropFunction(TOUCH_FN, { signature: `${TOUCH_FN}()`, ifExists: true });
    },
  },
};

export const ominisSet: ScriptSet = {
  name: 'ominis',
  convention: 'numbered',
  dependsOn: ['freeswitch/core', 'freeswitch/callcenter'],
  migrations: [initial],
};
