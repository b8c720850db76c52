// Who a SER 0.9 (username, domain) pair is in SER 2.0: its UID, found the way SER 2.0 finds it —
// by digest credentials (username and realm), then by SIP URI (username and DID). Look-ups read the
// destination a batch at a time (one query per few thousand names), with a bounded cache, so memory
// does not grow with the number of subscribers.

import type { Connection } from '../../db/connection.js';
import { DEFAULT_DID, DB_CANON, DB_DISABLED } from './flags.js';
import type { DomainMap } from './domains.js';
import { splitUser } from './names.js';

interface Credential {
  /** Lower-cased: realms are host names. */
  realm: string;
  uid: string;
  flags: number;
}
interface UriRow {
  did: string;
  uid: string;
  flags: number;
}
interface Entry {
  creds: Credential[];
  /** Loaded only when a credential did not answer (most look-ups end at the credentials). */
  uris?: UriRow[];
}

export interface Name {
  user: string;
  domain: string;
}

const CHUNK = 5000;
const LOWER = /[A-Z]/;
const CACHE = 200_000;

export interface IdentityOptions {
  /** Only canonical URIs (the subscribers' own): for steps that themselves add URIs, so they never
   *  resolve through rows of their own and the result does not depend on batch boundaries. */
  canonicalOnly?: boolean;
}

export class Identities {
  private cache = new Map<string, Entry>();
  private current = new Map<string, Entry>();

  constructor(
    private readonly conn: Connection,
    readonly domains: DomainMap,
    private readonly anyOf: (column: string, values: unknown[]) => { sql: string; params: unknown[] },
    private readonly opts: IdentityOptions = {},
  ) {}

  /** Load what the given names need; uidOf then answers for them without a round trip.
   *  `uris`: load every name's URIs too (for hasCanonical). Runs for every batch: kept lean. */
  async prefetch(names: Iterable<Name>, opts: { uris?: boolean } = {}): Promise<void> {
    const current = new Map<string, Entry>();
    const missing: string[] = [];
    const loading = new Set<string>();
    const asked: string[] = []; // user, realm, ... of names whose credentials this call loads
    const needUris = new Set<string>();
    for (const n of names) {
      const { user, domain } = splitUser(n.user, n.domain);
      if (!user) continue;
      const realm = LOWER.test(domain) ? domain.toLowerCase() : domain;
      let e = current.get(user);
      if (!e) {
        e = this.cache.get(user);
        if (e) current.set(user, e);
        else {
          e = { creds: [] };
          current.set(user, e);
          missing.push(user);
          loading.add(user);
        }
      }
      if (e.uris || needUris.has(user)) continue;
      if (loading.has(user)) asked.push(user, realm);
      else if (opts.uris || !realm || !e.creds.some((c) => c.realm === realm)) needUris.add(user);
    }
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const w = this.anyOf('auth_username', chunk);
      const creds = await this.conn.query<{ u: string; realm: string; uid: string; flags: number }>(
        `SELECT auth_username AS u, realm, uid, flags FROM credentials WHERE ${w.sql}`,
        w.params,
      );
      // MySQL compares case-insensitively: keep only exact matches, so every destination agrees.
      for (const c of creds) current.get(String(c.u))?.creds.push({ realm: String(c.realm).toLowerCase(), uid: String(c.uid), flags: Number(c.flags) });
    }
    // URIs only for names a credential does not answer (or when asked for).
    for (let i = 0; i < asked.length; i += 2) {
      const user = asked[i]!;
      const realm = asked[i + 1]!;
      const e = current.get(user)!;
      if (e.uris || needUris.has(user)) continue;
      if (opts.uris || !realm || !e.creds.some((c) => c.realm === realm)) needUris.add(user);
    }
    const uriNames = [...needUris];
    for (let i = 0; i < uriNames.length; i += CHUNK) {
      const chunk = uriNames.slice(i, i + CHUNK);
      for (const u of chunk) current.get(u)!.uris = [];
      const w = this.anyOf('username', chunk);
      const uris = await this.conn.query<{ u: string; did: string; uid: string; flags: number }>(`SELECT username AS u, did, uid, flags FROM uri WHERE ${w.sql}`, w.params);
      for (const r of uris) current.get(String(r.u))?.uris?.push({ did: String(r.did), uid: String(r.uid), flags: Number(r.flags) });
    }
    if (this.cache.size + missing.length > CACHE) this.cache.clear();
    for (const u of missing) this.cache.set(u, current.get(u)!);
    this.current = current;
  }

  /** The UID of a SER 0.9 user, or undefined when no subscriber (or alias of one) has that name. */
  uidOf(username: unknown, domain: unknown): string | undefined {
    let user: string;
    let d: string;
    if (typeof username === 'string' && typeof domain === 'string' && domain && !username.includes('@') && !username.startsWith('sip')) {
      user = username; // the common case, without splitUser's object
      d = domain;
    } else ({ user, domain: d } = splitUser(username, domain));
    const e = this.current.get(user) ?? this.cache.get(user);
    if (!e) return undefined;
    if (d) {
      const realm = LOWER.test(d) ? d.toLowerCase() : d;
      // Usually one credential per name: no arrays built on the way.
      let pick: Credential | undefined;
      for (const c of e.creds) if (c.realm === realm && better(c, pick)) pick = c;
      if (pick) return pick.uid;
    }
    const did = this.domains.didOf(d) ?? DEFAULT_DID;
    let uri: UriRow | undefined;
    for (const u of e.uris ?? []) if (u.did === did && (!this.opts.canonicalOnly || u.flags & DB_CANON) && better(u, uri)) uri = u;
    if (uri) return uri.uid;
    if (!d) {
      // A name with no domain at all: the one subscriber with that username, when there is one.
      const uids = new Set(e.creds.map((c) => c.uid));
      if (uids.size === 1) return [...uids][0];
    }
    return undefined;
  }

  /** Whether `uid` already has the canonical URI (username, did); prefetch with `uris` first. */
  hasCanonical(username: string, did: string, uid: string): boolean {
    const e = this.current.get(username) ?? this.cache.get(username);
    return !!e?.uris?.some((u) => u.uid === uid && u.did === did && u.flags & DB_CANON);
  }
}

/** Active accounts before disabled (pending) ones, canonical names first, then the smallest UID:
 *  the same answer whatever order the destination returned rows in. */
function better(r: { uid: string; flags: number }, than: { uid: string; flags: number } | undefined): boolean {
  if (!than) return true;
  const rank = (x: { flags: number }) => (x.flags & DB_DISABLED ? 2 : 0) + (x.flags & DB_CANON ? 0 : 1);
  const a = rank(r);
  const b = rank(than);
  return a < b || (a === b && r.uid < than.uid);
}
