// Virtual domains: SER 0.9's flat list of domain names organised into a tree. A name under an
// existing one ("sip.iptel.org" under "iptel.org") joins its virtual domain; every tree is one DID,
// named by its root, which is also its shortest name and its digest realm.

import type { Connection } from '../../db/connection.js';
import { uuidv5 } from '../uuid.js';
import { DID_NAMESPACE } from './flags.js';
import { lowerName, text } from './names.js';
import type { StepContext } from '../types.js';

export interface VirtualDomain {
  did: string;
  /** The tree's root: its shortest name, used as digest_realm. */
  root: string;
}

export function didFor(root: string): string {
  return uuidv5('did:' + root.toLowerCase(), DID_NAMESPACE);
}

/** Each name (lower-cased) with its virtual domain. Names are placed fewest labels first, so a
 *  parent is always placed before its children; ties go alphabetically, so the result never
 *  depends on the order the source returns rows in. */
export function virtualDomains(names: string[]): Map<string, VirtualDomain> {
  const sorted = [...new Set(names.map((n) => n.toLowerCase()).filter(Boolean))].sort(
    (a, b) => a.split('.').length - b.split('.').length || (a < b ? -1 : a > b ? 1 : 0),
  );
  const placed = new Map<string, VirtualDomain>();
  for (const name of sorted) {
    let vd: VirtualDomain | undefined;
    // The longest existing suffix is the closest ancestor.
    for (let i = name.indexOf('.'); i >= 0 && !vd; i = name.indexOf('.', i + 1)) vd = placed.get(name.slice(i + 1));
    placed.set(name, vd ?? { did: didFor(name), root: name });
  }
  return placed;
}

/** Host name -> DID, as the converted domain table says (looked up case-insensitively). */
export class DomainMap {
  private constructor(private readonly dids: Map<string, string>) {}

  static async load(conn: Connection): Promise<DomainMap> {
    const rows = await conn.query<{ did: string; domain: string }>('SELECT did, domain FROM domain');
    return new DomainMap(new Map(rows.map((r) => [String(r.domain).toLowerCase(), String(r.did)])));
  }

  /**
   * For a step: the converted domain table, or — when `domain` is not converted (left out of -t)
   * — the same tree built from the source's names, so credentials and URIs get their DIDs
   * whatever tables are chosen (DIDs derive from the names: both give the same).
   */
  static async forStep(ctx: StepContext): Promise<DomainMap> {
    const converted = await DomainMap.load(ctx.lookup);
    if (converted.dids.size || !(await ctx.sourceHas('domain'))) return converted;
    const names: string[] = [];
    for await (const rows of ctx.sourceScan('domain', ['domain']))
      for (const r of rows) names.push(text(r.domain).trim());
    return new DomainMap(new Map([...virtualDomains(names)].map(([name, vd]) => [name, vd.did])));
  }

  didOf(host: string | undefined): string | undefined {
    if (!host) return undefined;
    const did = this.dids.get(host);
    if (did !== undefined) return did;
    const lower = lowerName(host);
    return lower === host ? undefined : this.dids.get(lower);
  }
}
