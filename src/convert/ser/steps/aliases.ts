// aliases -> uri: each alias (username@domain pointing at a contact) becomes a non-canonical SIP URI
// of the subscriber its contact names. The old tool never did this ("not yet implemented").
// An alias whose target is no subscriber is a dangling alias: reported, never silently dropped.

import { RowError, type ConversionStep } from '../../types.js';
import { DB_FOR_SERWEB, DB_IS_FROM, DB_IS_TO, DB_LOAD_SER, DEFAULT_DID } from '../flags.js';
import { parseUri, splitUser, text } from '../names.js';
import { identities, loadIdentities, LOOKUP_TABLES } from './user-step.js';

export const aliasesStep: ConversionStep = {
  name: 'aliases',
  description: 'aliases into extra SIP URIs of the subscribers they point at',
  source: { table: 'aliases', columns: ['username', 'domain', 'contact'] },
  writes: [{ name: 'uri', columns: ['uid', 'did', 'username', 'flags', 'scheme'] }],
  dependsOn: ['domain', 'subscriber', 'pending'],
  reads: LOOKUP_TABLES,
  prepare: (ctx) => loadIdentities(ctx, true),
  prefetch: (rows, ctx) =>
    identities(ctx).prefetch(
      rows
        .map((r) => parseUri(r.contact))
        .filter((t) => !!t?.user)
        .map((t) => ({ user: t!.user!, domain: t!.host })),
    ),
  convert(row, emit, ctx) {
    const ids = identities(ctx);
    const alias = splitUser(row.username, row.domain);
    if (!alias.user) throw new RowError('empty alias username');
    const target = parseUri(row.contact);
    if (!target?.user) throw new RowError(`alias target "${text(row.contact)}" is not a SIP URI with a user part`);
    const uid = ids.uidOf(target.user, target.host);
    if (!uid) throw new RowError(`dangling alias: its target ${target.user}@${target.host} is no subscriber`);
    const did = ids.domains.didOf(alias.domain) ?? DEFAULT_DID;
    emit('uri', {
      uid,
      did,
      username: alias.user,
      flags: DB_LOAD_SER | DB_IS_FROM | DB_IS_TO | DB_FOR_SERWEB,
      scheme: 'sip',
    });
  },
};
