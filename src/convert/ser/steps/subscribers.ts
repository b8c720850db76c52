// subscriber (and pending) -> credentials + user_attrs + uri. Each account gets a UID derived from
// its source key; its auxiliary columns become user attributes; its digest username and realm give
// it a canonical SIP URI. Pending accounts (not yet confirmed) are converted the same way, flagged
// DB_DISABLED so SER ignores them.

import { RowError, type DestRow, type Emit, type SourceRow, type ConversionStep } from '../../types.js';
import { uuidv5 } from '../../uuid.js';
import { DomainMap } from '../domains.js';
import {
  ATTR_INT,
  ATTR_STRING,
  DB_CANON,
  DB_DISABLED,
  DB_FOR_SERWEB,
  DB_IS_FROM,
  DB_IS_TO,
  DB_LOAD_SER,
  DEFAULT_DID,
  UID_NAMESPACE,
} from '../flags.js';
import { splitUser, text } from '../names.js';

export function uidFor(table: string, username: unknown, domain: unknown): string {
  return uuidv5(`uid:${table}:${text(username)}@${text(domain)}`, UID_NAMESPACE);
}

/** Auxiliary columns and the SER 2.0 attributes (attr_types) they become. */
const ATTRS: {
  column: string;
  name: string;
  flags: number;
  type?: number;
  always?: boolean;
  map?: (v: string) => string | undefined;
}[] = [
  { column: 'datetime_created', name: 'datetime_created', flags: DB_FOR_SERWEB, always: true },
  { column: 'first_name', name: 'first_name', flags: DB_FOR_SERWEB },
  { column: 'last_name', name: 'last_name', flags: DB_FOR_SERWEB },
  { column: 'email_address', name: 'email', flags: DB_LOAD_SER | DB_FOR_SERWEB },
  { column: 'phone', name: 'phone', flags: DB_FOR_SERWEB },
  { column: 'timezone', name: 'timezone', flags: DB_FOR_SERWEB },
  { column: 'rpid', name: 'asserted_id', flags: DB_LOAD_SER | DB_FOR_SERWEB },
  {
    column: 'allow_find',
    name: 'sw_allow_find',
    flags: DB_FOR_SERWEB,
    type: ATTR_INT,
    map: (v) => (v === '1' ? '1' : undefined),
  },
  { column: 'confirmation', name: 'sw_confirmation', flags: DB_FOR_SERWEB },
];

function accountStep(table: 'subscriber' | 'pending', extra: number, aliases: string[]): ConversionStep {
  return {
    name: table,
    aliases,
    description: `${table} into credentials, user attributes and a canonical URI${extra ? ' (disabled)' : ''}`,
    source: {
      table,
      columns: ['username', 'domain', 'password', 'ha1', 'ha1b', ...ATTRS.map((a) => a.column)],
    },
    writes: [
      { name: 'credentials', columns: ['auth_username', 'did', 'realm', 'password', 'flags', 'ha1', 'ha1b', 'uid'] },
      { name: 'user_attrs', columns: ['uid', 'name', 'value', 'type', 'flags'] },
      { name: 'uri', columns: ['uid', 'did', 'username', 'flags', 'scheme'] },
    ],
    dependsOn: ['domain'],
    reads: ['domain'],
    async prepare(ctx) {
      ctx.state.domains = await DomainMap.forStep(ctx);
    },
    convert(row: SourceRow, emit: Emit, ctx) {
      const { user, domain } = splitUser(row.username, row.domain);
      if (!user) throw new RowError('empty username');
      const uid = uidFor(table, row.username, row.domain);
      const did = (ctx.state.domains as DomainMap).didOf(domain) ?? DEFAULT_DID;
      emit('credentials', {
        auth_username: user,
        did,
        realm: domain,
        password: text(row.password),
        flags: DB_LOAD_SER | DB_FOR_SERWEB | extra,
        ha1: text(row.ha1),
        ha1b: text(row.ha1b),
        uid,
      });
      for (const a of ATTRS) {
        if (!ctx.sourceColumns.has(a.column)) continue;
        const raw = row[a.column] == null ? '' : text(row[a.column]);
        const value = a.map ? a.map(raw) : raw;
        if (value === undefined || (!value && !a.always)) continue;
        const attr: DestRow = { uid, name: a.name, value, type: a.type ?? ATTR_STRING, flags: a.flags | extra };
        emit('user_attrs', attr);
      }
      emit('uri', {
        uid,
        did,
        username: user,
        flags: DB_LOAD_SER | DB_IS_FROM | DB_IS_TO | DB_CANON | DB_FOR_SERWEB | extra,
        scheme: 'sip',
      });
    },
  };
}

// 'subscribers' is the name the old tool's default table list used (while its code tested 'subscriber').
export const subscriberStep = accountStep('subscriber', 0, ['subscribers', 'credentials']);
export const pendingStep = accountStep('pending', DB_DISABLED, []);
