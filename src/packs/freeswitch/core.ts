// FreeSWITCH's core database (set `freeswitch/core`): the tables, views and indexes FreeSWITCH
// creates in src/switch_core_sqldb.c when core-db-dsn points at a database. Column names, types,
// order and index names are FreeSWITCH's own (no primary keys: FreeSWITCH declares none), so a
// database made by voipdb passes FreeSWITCH's startup probes and is never dropped and recreated.

import type { DialectName } from '../../db/url.js';
import type { Migration, ScriptSet } from '../../engine/types.js';
import { col, t, type Ops } from '../../schema/operations.js';
import type { Column } from '../../schema/types.js';

const v = (name: string, length: number): Column => col(name, t.string(length));
const int = (name: string): Column => col(name, t.integer());

/**
 * What FreeSWITCH ends up with on each dialect. MySQL/MariaDB (utf8/utf8mb4) cannot hold the full
 * `channels` row in 65,535 bytes, so FreeSWITCH's MariaDB interface falls back to its
 * "row size limited" channels (application_data and presence_data as TEXT); and complete11 is a
 * key longer than InnoDB's 3,072 bytes, whose CREATE INDEX FreeSWITCH lets fail and goes on.
 */
const dialectFacts: Record<DialectName, { rowSizeLimitedChannels: boolean; complete11: boolean }> = {
  postgres: { rowSizeLimitedChannels: false, complete11: true },
  sqlite: { rowSizeLimitedChannels: false, complete11: true },
  mysql: { rowSizeLimitedChannels: true, complete11: false },
};

export const completeColumns: Column[] = [
  int('sticky'),
  ...Array.from({ length: 10 }, (_, i) => v(`a${i + 1}`, 128)),
  v('hostname', 256),
];

export const aliasesColumns: Column[] = [int('sticky'), v('alias', 128), v('command', 4096), v('hostname', 256)];

/** channels; `limited` is FreeSWITCH's row-size-limited variant. */
export function channelsColumns(limited: boolean): Column[] {
  const big = (name: string): Column => (limited ? col(name, t.text()) : v(name, 4096));
  return [
    v('uuid', 256),
    v('direction', 32),
    v('created', 128),
    int('created_epoch'),
    v('name', 1024),
    v('state', 64),
    v('cid_name', 1024),
    v('cid_num', 256),
    v('ip_addr', 256),
    v('dest', 1024),
    v('application', 128),
    big('application_data'),
    v('dialplan', 128),
    v('context', 128),
    v('read_codec', 128),
    v('read_rate', 32),
    v('read_bit_rate', 32),
    v('write_codec', 128),
    v('write_rate', 32),
    v('write_bit_rate', 32),
    v('secure', 64),
    v('hostname', 256),
    v('presence_id', 4096),
    big('presence_data'),
    v('accountcode', 256),
    v('callstate', 64),
    v('callee_name', 1024),
    v('callee_num', 256),
    v('callee_direction', 5),
    v('call_uuid', 256),
    v('sent_callee_name', 1024),
    v('sent_callee_num', 256),
    v('initial_cid_name', 1024),
    v('initial_cid_num', 256),
    v('initial_ip_addr', 256),
    v('initial_dest', 1024),
    v('initial_dialplan', 128),
    v('initial_context', 128),
  ];
}

export const callsColumns: Column[] = [
  v('call_uuid', 255),
  v('call_created', 128),
  int('call_created_epoch'),
  v('caller_uuid', 256),
  v('callee_uuid', 256),
  v('hostname', 256),
];

export const interfacesColumns: Column[] = [
  v('type', 128),
  v('name', 1024),
  v('description', 4096),
  v('ikey', 1024),
  v('filename', 4096),
  v('syntax', 4096),
  v('hostname', 256),
];

export const tasksColumns: Column[] = [
  int('task_id'),
  v('task_desc', 4096),
  v('task_group', 1024),
  col('task_runtime', t.bigint()),
  int('task_sql_manager'),
  v('hostname', 256),
];

export const natColumns: Column[] = [int('sticky'), int('port'), int('proto'), v('hostname', 256)];

export const registrationsColumns: Column[] = [
  v('reg_user', 256),
  v('realm', 256),
  v('token', 256),
  col('url', t.text()),
  int('expires'),
  v('network_ip', 256),
  v('network_port', 256),
  v('network_proto', 256),
  v('hostname', 256),
  v('metadata', 256),
];

export const recoveryColumns: Column[] = [
  v('runtime_uuid', 255),
  v('technology', 255),
  v('profile_name', 255),
  v('hostname', 255),
  v('uuid', 255),
  col('metadata', t.text()),
];

/** FreeSWITCH's indexes, in the order it creates them: [name, table, columns]. */
export const coreIndexes: [string, string, string[]][] = [
  ['recovery1', 'recovery', ['technology']],
  ['recovery2', 'recovery', ['profile_name']],
  ['recovery3', 'recovery', ['uuid']],
  ['recovery4', 'recovery', ['runtime_uuid']],
  ['alias1', 'aliases', ['alias']],
  ['tasks1', 'tasks', ['hostname', 'task_id']],
  ...Array.from({ length: 10 }, (_, i): [string, string, string[]] => [
    `complete${i + 1}`,
    'complete',
    [`a${i + 1}`, 'hostname'],
  ]),
  ['complete11', 'complete', [...Array.from({ length: 10 }, (_, i) => `a${i + 1}`), 'hostname']],
  ['nat_map_port_proto', 'nat', ['port', 'proto', 'hostname']],
  ['chidx1', 'channels', ['hostname']],
  ['uuindex', 'channels', ['uuid', 'hostname']],
  ['uuindex2', 'channels', ['call_uuid']],
  ['callsidx1', 'calls', ['hostname']],
  ['eruuindex', 'calls', ['caller_uuid', 'hostname']],
  ['eeuuindex', 'calls', ['callee_uuid']],
  ['eeuuindex2', 'calls', ['call_uuid']],
  ['regindex1', 'registrations', ['reg_user', 'realm', 'hostname']],
];

// The views' select lists. detailed_calls: every channel column but the initial_* ones, for the
// a-leg and (prefixed b_) the b-leg. basic_calls: the same without application, dialplan, codec
// and secure columns (and, for the b-leg, without call_uuid and hostname), hostname moved.
const detailedCols = channelsColumns(false)
  .map((c) => c.name)
  .filter((n) => !n.startsWith('initial_'));
const basicDropped = new Set([
  'application',
  'application_data',
  'dialplan',
  'context',
  'read_codec',
  'read_rate',
  'read_bit_rate',
  'write_codec',
  'write_rate',
  'write_bit_rate',
  'secure',
]);
const basicA = [
  ...detailedCols.filter((n) => !basicDropped.has(n) && n !== 'hostname' && !n.startsWith('sent_')),
  'hostname',
  'sent_callee_name',
  'sent_callee_num',
];
const basicB = detailedCols.filter((n) => !basicDropped.has(n) && n !== 'hostname' && n !== 'call_uuid');

function callsView(aCols: string[], bCols: string[]): string {
  const list = [
    ...aCols.map((n) => `a.${n} as ${n}`),
    ...bCols.map((n) => `b.${n} as b_${n}`),
    'c.call_created_epoch as call_created_epoch',
  ];
  return (
    `select ${list.join(',')} from channels a ` +
    'left join calls c on a.uuid = c.caller_uuid and a.hostname = c.hostname ' +
    'left join channels b on b.uuid = c.callee_uuid and b.hostname = c.hostname ' +
    'where a.uuid = c.caller_uuid or a.uuid not in (select callee_uuid from calls)'
  );
}

export const detailedCallsSql = callsView(detailedCols, detailedCols);
export const basicCallsSql = callsView(basicA, basicB);

/** Tables of the set, in creation order. */
export const coreTables = [
  'aliases',
  'complete',
  'nat',
  'registrations',
  'recovery',
  'channels',
  'calls',
  'interfaces',
  'tasks',
];

function createCore(op: Ops, dialect: DialectName): void {
  const facts = dialectFacts[dialect];
  // IF NOT EXISTS: FreeSWITCH may have created its tables before voipdb was pointed at the database.
  const ifNotExists = true;
  op.createTable('aliases', aliasesColumns, { ifNotExists });
  op.createTable('complete', completeColumns, { ifNotExists });
  op.createTable('nat', natColumns, { ifNotExists });
  op.createTable('registrations', registrationsColumns, { ifNotExists });
  op.createTable('recovery', recoveryColumns, { ifNotExists });
  op.createTable('channels', channelsColumns(facts.rowSizeLimitedChannels), { ifNotExists });
  op.createTable('calls', callsColumns, { ifNotExists });
  op.createTable('interfaces', interfacesColumns, { ifNotExists });
  op.createTable('tasks', tasksColumns, { ifNotExists });
  op.createView('basic_calls', basicCallsSql, { orReplace: true });
  op.createView('detailed_calls', detailedCallsSql, { orReplace: true });
  for (const [name, table, columns] of coreIndexes) {
    if (name === 'complete11' && !facts.complete11) continue;
    op.createIndex(name, table, columns, { ifNotExists });
  }
}

const initial: Migration = {
  version: '0001',
  description: 'FreeSWITCH core database (switch_core_sqldb.c, FreeSWITCH 1.10)',
  kind: 'versioned',
  script: 'packs/freeswitch/core.ts',
  up: { ops: (op, ctx) => createCore(op, ctx.dialect) },
  down: {
    ops: (op) => {
      op.dropView('detailed_calls', { ifExists: true });
      op.dropView('basic_calls', { ifExists: true });
      for (const table of [...coreTables].reverse()) op.dropTable(table, { ifExists: true });
    },
  },
};

export const coreSet: ScriptSet = {
  name: 'freeswitch/core',
  convention: 'numbered',
  migrations: [initial],
};

/**
 * FreeSWITCH's own startup probes for the core database (its test_sql): when one fails,
 * FreeSWITCH drops and recreates that table. A database passes all of them = FreeSWITCH keeps it.
 */
export const coreProbes: string[] = [
  'select hostname from aliases',
  'select hostname from complete',
  'select hostname from nat',
  "delete from registrations where reg_user=''",
  'select metadata from registrations',
  'select hostname from recovery',
  'select call_uuid, read_bit_rate, sent_callee_name, initial_cid_name, initial_cid_num, initial_ip_addr, initial_dest, initial_dialplan, initial_context, accountcode from channels',
  'select call_uuid from calls',
  "select * from basic_calls where sent_callee_name=''",
  "select * from detailed_calls where sent_callee_name=''",
  'select ikey from interfaces',
  'select task_id, task_desc, task_group, task_runtime, task_sql_manager, hostname from tasks',
];
