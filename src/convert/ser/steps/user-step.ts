// The shape most SER tables share: rows owned by a (username, domain) pair that becomes a UID.
// A row whose owner is no subscriber cannot be converted (RowError: the run's policy decides).

import {
  RowError,
  type DestTable,
  type Emit,
  type SourceRow,
  type ConversionStep,
  type StepContext,
} from '../../types.js';
import { DomainMap } from '../domains.js';
import { Identities } from '../identities.js';
import { splitUser } from '../names.js';

/** Steps that create the UIDs and names others look up. */
export const IDENTITY_STEPS = ['domain', 'subscriber', 'pending', 'aliases', 'uri'];
/** The destination tables those look-ups read (their indexes stay during a load). */
export const LOOKUP_TABLES = ['domain', 'credentials', 'uri'];

export interface UserStepSpec {
  name: string;
  aliases?: string[];
  description: string;
  table: string;
  columns: string[];
  writes: DestTable[];
  /** Resolve through canonical URIs only (steps that add URIs themselves). */
  canonicalOnly?: boolean;
  dependsOn?: string[];
  label?(row: SourceRow): string;
  build(row: SourceRow, uid: string, emit: Emit, ids: Identities, position: number): void;
  /** Load every owner's URIs too (the uri step compares with the canonical one). */
  needsUris?: boolean;
}

/** The owner's name columns: `username` (SER 0.9), `user` (older tables such as cpl). */
export function owner(row: SourceRow): { user: string; domain: string } {
  return splitUser(row.username ?? row.user, row.domain);
}

export function identities(ctx: StepContext): Identities {
  return ctx.state.ids as Identities;
}

/** `namesPerRow`: how many names each source row looks up (decides whether to load them all at once). */
export async function loadIdentities(ctx: StepContext, canonicalOnly = false, namesPerRow = 1): Promise<void> {
  const ids = new Identities(ctx.lookup, await DomainMap.forStep(ctx), ctx.anyOf, { canonicalOnly });
  if (await ids.preload(ctx.lookups, ctx.expectedRows * namesPerRow, ctx.scan))
    ctx.log('loaded every credential and URI at once');
  else await ctx.indexed(LOOKUP_TABLES); // looked up by name, batch by batch
  ctx.state.ids = ids;
}

export function userStep(spec: UserStepSpec): ConversionStep {
  return {
    name: spec.name,
    aliases: spec.aliases,
    description: spec.description,
    source: { table: spec.table, columns: spec.columns },
    writes: spec.writes,
    dependsOn: spec.dependsOn ?? IDENTITY_STEPS,
    reads: LOOKUP_TABLES,
    label: spec.label,
    prepare: (ctx) => loadIdentities(ctx, spec.canonicalOnly),
    prefetch: (rows, ctx) => identities(ctx).prefetch(rows.map(owner), { uris: spec.needsUris }),
    convert(row, emit, ctx, position) {
      const ids = identities(ctx);
      const o = owner(row);
      const uid = ids.uidOf(o.user, o.domain);
      if (!uid) throw new RowError(`no subscriber is named ${o.user}${o.domain ? '@' + o.domain : ''}`);
      spec.build(row, uid, emit, ids, position);
    },
  };
}
