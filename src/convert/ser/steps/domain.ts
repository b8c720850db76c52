// domain -> domain + domain_attrs: one DID per tree of names, digest_realm = the tree's root.

import { RowError, type ConversionStep } from '../../types.js';
import { virtualDomains, type VirtualDomain } from '../domains.js';
import { ATTR_STRING, DB_CANON, DB_FOR_SERWEB, DB_LOAD_SER } from '../flags.js';
import { text } from '../names.js';

export const domainStep: ConversionStep = {
  name: 'domain',
  description: 'domain names into virtual domains (DIDs) with a digest_realm attribute each',
  source: { table: 'domain', columns: ['domain'] },
  writes: [
    { name: 'domain', columns: ['did', 'domain', 'flags'] },
    { name: 'domain_attrs', columns: ['did', 'name', 'type', 'value', 'flags'] },
  ],
  // The tree needs every name at once; domain lists are small.
  whole: true,
  reads: [],
  async prefetch(rows, ctx) {
    ctx.state.tree = virtualDomains(rows.map((r) => text(r.domain).trim()));
  },
  convert(row, emit, ctx) {
    const name = text(row.domain).trim();
    if (!name) throw new RowError('empty domain name');
    const vd = (ctx.state.tree as Map<string, VirtualDomain>).get(name.toLowerCase())!;
    const isRoot = vd.root === name.toLowerCase();
    // The root is the canonical name serweb shows for the domain.
    emit('domain', { did: vd.did, domain: name, flags: DB_LOAD_SER | DB_FOR_SERWEB | (isRoot ? DB_CANON : 0) });
    if (isRoot)
      emit('domain_attrs', {
        did: vd.did,
        name: 'digest_realm',
        type: ATTR_STRING,
        value: name,
        flags: DB_LOAD_SER | DB_CANON | DB_FOR_SERWEB,
      });
  },
};
