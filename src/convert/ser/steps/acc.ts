// acc and missed_calls -> acc and missed_calls: accounting rows with the caller's and callee's
// DIDs and UIDs looked up from their URIs (From: from_uri; To: the request URI, else to_uri), as
// the old tool did. Unlike it, the time is taken from `time` (the accounting time, which serweb
// never touches), serweb's "deleted" marks become DB_CALLER_DELETED/DB_CALLEE_DELETED, and each
// row keeps its place in the table as its id.

import type { SourceRow, ConversionStep } from '../../types.js';
import { DB_CALLEE_DELETED, DB_CALLER_DELETED } from '../flags.js';
import type { Identities, Name } from '../identities.js';
import { datetime, EPOCH, parseUri, type SipUri } from '../names.js';
import { identities, IDENTITY_STEPS, loadIdentities, LOOKUP_TABLES } from './user-step.js';

const PARSED = Symbol('parsed');

interface Parties {
  from?: SipUri;
  to?: SipUri;
  fromDid?: string;
  toDid?: string;
}

function parties(row: SourceRow, ids: Identities): Parties {
  const cached = (row as { [PARSED]?: Parties })[PARSED];
  if (cached) return cached;
  const from = parseUri(row.from_uri);
  const fromDid = ids.domains.didOf(from?.host);
  let to = parseUri(row.i_uri);
  let toDid = ids.domains.didOf(to?.host);
  // Usually the same text (an initial request): then no second parse.
  if (!toDid && row.to_uri !== row.i_uri) {
    to = parseUri(row.to_uri);
    toDid = ids.domains.didOf(to?.host);
  }
  const p: Parties = { from, to, fromDid, toDid };
  (row as { [PARSED]?: Parties })[PARSED] = p;
  return p;
}

const COLUMNS = [
  'id',
  'from_uid',
  'to_uid',
  'to_did',
  'from_did',
  'sip_from',
  'sip_to',
  'sip_status',
  'sip_method',
  'in_ruri',
  'out_ruri',
  'from_uri',
  'to_uri',
  'sip_callid',
  'digest_username',
  'digest_realm',
  'from_tag',
  'to_tag',
  'request_timestamp',
  'response_timestamp',
  'flags',
];

function accountingStep(table: 'acc' | 'missed_calls'): ConversionStep {
  return {
    name: table,
    description: `${table} with caller and callee UIDs and DIDs`,
    source: {
      table,
      columns: [
        'sip_from',
        'sip_to',
        'sip_status',
        'sip_method',
        'i_uri',
        'o_uri',
        'from_uri',
        'to_uri',
        'sip_callid',
        'username',
        'domain',
        'fromtag',
        'totag',
        'time',
        'timestamp',
        'caller_deleted',
        'callee_deleted',
      ],
    },
    writes: [{ name: table, columns: COLUMNS, serial: 'id' }],
    dependsOn: IDENTITY_STEPS,
    reads: LOOKUP_TABLES,
    label: (row) => `call-id ${String(row.sip_callid ?? '')}`,
    prepare: (ctx) => loadIdentities(ctx, false, 2),
    async prefetch(rows, ctx) {
      const ids = identities(ctx);
      if (ids.loadedWhole) return;
      const names: Name[] = [];
      for (const r of rows) {
        const p = parties(r, ids);
        if (p.fromDid && p.from?.user) names.push({ user: p.from.user, domain: p.from.host });
        if (p.toDid && p.to?.user) names.push({ user: p.to.user, domain: p.to.host });
      }
      await ids.prefetch(names);
    },
    convert(row, emit, ctx, position) {
      const ids = identities(ctx);
      const p = parties(row, ids);
      const at = datetime(row.time);
      const when = at && at !== EPOCH ? at : (datetime(row.timestamp) ?? EPOCH);
      emit(table, {
        id: position,
        from_uid: p.fromDid && p.from?.user ? (ids.uidOf(p.from.user, p.from.host, p.fromDid) ?? null) : null,
        to_uid: p.toDid && p.to?.user ? (ids.uidOf(p.to.user, p.to.host, p.toDid) ?? null) : null,
        to_did: p.toDid ?? null,
        from_did: p.fromDid ?? null,
        sip_from: row.sip_from ?? null,
        sip_to: row.sip_to ?? null,
        sip_status: row.sip_status ?? null,
        sip_method: row.sip_method ?? null,
        in_ruri: row.i_uri ?? null,
        out_ruri: row.o_uri ?? null,
        from_uri: row.from_uri ?? null,
        to_uri: row.to_uri ?? null,
        sip_callid: row.sip_callid ?? null,
        digest_username: row.username ?? null,
        digest_realm: row.domain ?? null,
        from_tag: row.fromtag ?? null,
        to_tag: row.totag ?? null,
        request_timestamp: when,
        response_timestamp: when,
        flags:
          (String(row.caller_deleted ?? '0') === '1' ? DB_CALLER_DELETED : 0) |
          (String(row.callee_deleted ?? '0') === '1' ? DB_CALLEE_DELETED : 0),
      });
    },
  };
}

export const accStep = accountingStep('acc');
export const missedCallsStep = accountingStep('missed_calls');
