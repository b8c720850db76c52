// The relations Kamailio's modules follow by value: its schema declares no foreign keys, so
// `erd` draws these as logical links (a user is username@domain everywhere).

import type { LogicalRelation } from '../../engine/types.js';

const user = (table: string, note: string): LogicalRelation => ({
  table,
  columns: ['username', 'domain'],
  refTable: 'subscriber',
  refColumns: ['username', 'domain'],
  note,
});

export const RELATIONS: LogicalRelation[] = [
  user('location', 'usrloc: the contacts a subscriber registered'),
  user('aliases', 'usrloc: aliases kept as location records'),
  user('dbaliases', 'alias_db: an alias of a subscriber'),
  user('grp', 'group: the groups a subscriber is in'),
  user('usr_preferences', 'avpops: per-user attributes'),
  user('speed_dial', "speeddial: a subscriber's speed dials"),
  user('uri', 'uri_db: the URIs a subscriber may use'),
  {
    table: 'subscriber',
    columns: ['domain'],
    refTable: 'domain',
    refColumns: ['domain'],
    note: 'domain: the local domain a subscriber belongs to',
  },
  {
    table: 'domain_attrs',
    columns: ['did'],
    refTable: 'domain',
    refColumns: ['did'],
    note: 'domain: attributes of a domain id',
  },
  { table: 'lcr_rule_target', columns: ['rule_id'], refTable: 'lcr_rule', refColumns: ['id'], note: 'lcr' },
  { table: 'lcr_rule_target', columns: ['gw_id'], refTable: 'lcr_gw', refColumns: ['id'], note: 'lcr' },
  {
    table: 'dialog_vars',
    columns: ['hash_entry', 'hash_id'],
    refTable: 'dialog',
    refColumns: ['hash_entry', 'hash_id'],
    note: 'dialog: variables of a dialog',
  },
];
