// mod_callcenter's tables (set `freeswitch/callcenter`), as the module creates them in
// src/mod/applications/mod_callcenter/mod_callcenter.c: members, agents, tiers, with no keys
// or indexes of their own (the Ominis pack adds the indexes its document lists).

import type { Migration, ScriptSet } from '../../engine/types.js';
import { col, t, value } from '../../schema/operations.js';
import type { Column } from '../../schema/types.js';

const v = (name: string, length: number): Column => col(name, t.string(length));
const counter = (name: string, initial = 0): Column =>
  col(name, t.integer(), { nullable: false, default: value(initial) });
const requiredText = (name: string): Column => col(name, t.string(255), { nullable: false, default: value('') });

export const membersColumns: Column[] = [
  v('queue', 255),
  v('instance_id', 255),
  requiredText('uuid'),
  requiredText('session_uuid'),
  v('cid_number', 255),
  v('cid_name', 255),
  counter('system_epoch'),
  counter('joined_epoch'),
  counter('rejoined_epoch'),
  counter('bridge_epoch'),
  counter('abandoned_epoch'),
  counter('base_score'),
  counter('skill_score'),
  v('serving_agent', 255),
  v('serving_system', 255),
  v('state', 255),
];

export const agentsColumns: Column[] = [
  v('name', 255),
  v('instance_id', 255),
  v('uuid', 255),
  v('type', 255),
  v('contact', 1024),
  v('status', 255),
  v('state', 255),
  ...[
    'max_no_answer',
    'wrap_up_time',
    'reject_delay_time',
    'busy_delay_time',
    'no_answer_delay_time',
    'last_bridge_start',
    'last_bridge_end',
    'last_offered_call',
    'last_status_change',
    'no_answer_count',
    'calls_answered',
    'talk_time',
    'ready_time',
    'external_calls_count',
  ].map((n) => counter(n)),
];

export const tiersColumns: Column[] = [
  v('queue', 255),
  v('agent', 255),
  v('state', 255),
  counter('level', 1),
  counter('position', 1),
];

export const callcenterTables = ['members', 'agents', 'tiers'];

const initial: Migration = {
  version: '0001',
  description: 'mod_callcenter tables (mod_callcenter.c, FreeSWITCH 1.10)',
  kind: 'versioned',
  script: 'packs/freeswitch/callcenter.ts',
  up: {
    ops: (op) => {
      // IF NOT EXISTS: mod_callcenter may have created them already.
      op.createTable('members', membersColumns, { ifNotExists: true });
      op.createTable('agents', agentsColumns, { ifNotExists: true });
      op.createTable('tiers', tiersColumns, { ifNotExists: true });
    },
  },
  down: {
    ops: (op) => {
      for (const table of [...callcenterTables].reverse()) op.dropTable(table, { ifExists: true });
    },
  },
};

export const callcenterSet: ScriptSet = {
  name: 'freeswitch/callcenter',
  convention: 'numbered',
  migrations: [initial],
};

/** mod_callcenter's startup probes (its test_sql): a failing one makes it drop and recreate the table. */
export const callcenterProbes: string[] = [
  'select count(session_uuid) from members',
  'select count(ready_time) from agents',
  'select count(no_answer_delay_time) from agents',
  'select count(external_calls_count) from agents',
  'select count(queue) from tiers',
  'select count(instance_id) from agents',
  'select count(instance_id) from members',
];
