// Who a SER 0.9 (username, domain) pair is in SER 2.0: its UID, found the way SER 2.0 finds it —
// by digest credentials (username and realm), then by SIP URI (username and DID). Look-ups read the
// destination a batch at a time (one query per few thousand names), with a bounded cache, so memory
// does not grow with the number of subscribers — or, for a step that looks up most names, both
// tables whole at its start when they fit that bound.

import type { Connection } from '../../db/connection.js';
import type { Lookups, SourceRow } from '../types.js';
import { DEFAULT_DID, DB_CANON, DB_DISABLED } from './flags.js';
import type { DomainMap } from './domains.js';
import { CREDENTIAL, IdentityTable, URI } from './identity-table.js';
import { lowerName, splitUser } from './names.js';

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
/** Names kept between batches (about 200 bytes each): a SER system of up to a million accounts
 *  is looked up in the destination once per name. */
const CACHE = 1_000_000;

export interface IdentityOptions {
  /** Only canonical URIs (the subscribers' own): for steps that themselves add URIs, so they never
   *  resolve through rows of their own and the result does not depend on batch boundaries. */
  canonicalOnly?: boolean;
}

export class Identities {
  private cache = new Map<string, Entry>();
  /** Loaded whole (see preload): a name not in it has no credential and no URI. */
  private whole?: IdentityTable;
  /** Realms and DIDs repeat across many names: one string each. */
  private strings = new Map<string, string>();
  /** The flags a URI needs to answer a look-up: none, or DB_CANON (canonicalOnly). */
  private readonly uriFlags: number;

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size < 100_000) this.strings.set(s, s);
    return s;
  }

  constructor(
    private readonly conn: Connection,
    readonly domains: DomainMap,
    private readonly anyOf: (column: string, values: unknown[]) => { sql: string; params: unknown[] },
    opts: IdentityOptions = {},
  ) {
    this.uriFlags = opts.canonicalOnly ? DB_CANON : 0;
  }

  /** Load every credential and URI at once (see Lookups: under 'auto', when both tables fit the
   *  cache and the step will look up about as many names as they hold — acc: two per row): one scan
   *  instead of a query per batch, and prefetch has nothing left to ask. Returns whether it did. */
  async preload(
    lookups: Lookups,
    expectedNames: number,
    scan: (table: string, columns: string[]) => AsyncIterable<SourceRow[]>,
  ): Promise<boolean> {
    if (lookups === 'batch') return false;
    if (lookups === 'auto') {
      const count = async (t: string) =>
        Number((await this.conn.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${t}`))[0]?.n ?? 0);
      const creds = await count('credentials');
      const uris = await count('uri');
      if (creds > CACHE || uris > CACHE || expectedNames < creds + uris) return false;
    }
    const t = new IdentityTable(rank);
    for await (const rows of scan('credentials', ['auth_username', 'realm', 'uid', 'flags'])) {
      for (const c of rows)
        t.add(String(c.auth_username), CREDENTIAL, lowerName(String(c.realm)), String(c.uid), Number(c.flags));
    }
    for await (const rows of scan('uri', ['username', 'did', 'uid', 'flags'])) {
      for (const r of rows) t.add(String(r.username), URI, String(r.did), String(r.uid), Number(r.flags));
    }
    t.seal();
    this.whole = t;
    return true;
  }

  /** Whether preload loaded everything (prefetch has nothing to do). */
  get loadedWhole(): boolean {
    return this.whole !== undefined;
  }

  /** Load what the given names need; uidOf then answers for them without a round trip.
   *  `uris`: load every name's URIs too (for hasCanonical). Runs for every batch: kept lean (one
   *  map look-up per name once the cache knows it). */
  async prefetch(names: Name[], opts: { uris?: boolean } = {}): Promise<void> {
    if (this.loadedWhole) return;
    // Room first, so every entry this batch finds stays cached until the next prefetch.
    if (this.cache.size + names.length > CACHE) {
      // Forget the oldest half (a Map iterates in insertion order).
      let drop = this.cache.size / 2;
      for (const k of this.cache.keys()) {
        if (drop-- <= 0) break;
        this.cache.delete(k);
      }
    }
    const loading = new Map<string, Entry>(); // names not cached yet; cached once all is loaded
    const asked: string[] = []; // user, realm, ... of names whose credentials this call loads
    const needUris = new Map<string, Entry>();
    for (const n of names) {
      const { user, domain } = isPlain(n.user, n.domain) ? n : splitUser(n.user, n.domain);
      if (!user) continue;
      const realm = lowerName(domain);
      let e = this.cache.get(user);
      if (e === undefined) {
        e = loading.get(user);
        if (e === undefined) loading.set(user, (e = { creds: [] }));
        if (!e.uris && !needUris.has(user)) asked.push(user, realm);
      } else if (!e.uris && (opts.uris || !realm || !hasRealm(e, realm))) needUris.set(user, e);
    }
    const missing = [...loading.keys()];
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const w = this.anyOf('auth_username', chunk);
      const creds = await this.conn.query<{ u: string; realm: string; uid: string; flags: number }>(
        `SELECT auth_username AS u, realm, uid, flags FROM credentials WHERE ${w.sql}`,
        w.params,
      );
      // MySQL compares case-insensitively: keep only exact matches, so every destination agrees.
      for (const c of creds)
        loading
          .get(String(c.u))
          ?.creds.push({ realm: this.intern(lowerName(String(c.realm))), uid: String(c.uid), flags: Number(c.flags) });
    }
    // URIs only for names a credential does not answer (or when asked for).
    for (let i = 0; i < asked.length; i += 2) {
      const user = asked[i]!;
      const realm = asked[i + 1]!;
      const e = loading.get(user)!;
      if (!needUris.has(user) && (opts.uris || !realm || !hasRealm(e, realm))) needUris.set(user, e);
    }
    const uriNames = [...needUris.keys()];
    for (let i = 0; i < uriNames.length; i += CHUNK) {
      const chunk = uriNames.slice(i, i + CHUNK);
      for (const u of chunk) needUris.get(u)!.uris = [];
      const w = this.anyOf('username', chunk);
      const uris = await this.conn.query<{ u: string; did: string; uid: string; flags: number }>(
        `SELECT username AS u, did, uid, flags FROM uri WHERE ${w.sql}`,
        w.params,
      );
      for (const r of uris)
        needUris
          .get(String(r.u))
          ?.uris?.push({ did: this.intern(String(r.did)), uid: String(r.uid), flags: Number(r.flags) });
    }
    for (const [u, e] of loading) this.cache.set(u, e);
  }

  /** The UID of a SER 0.9 user, or undefined when no subscriber (or alias of one) has that name.
   *  `did`: the domain's DID when the caller has already looked it up. */
  uidOf(username: unknown, domain: unknown, did?: string): string | undefined {
    let user: string;
    let d: string;
    if (isPlain(username, domain)) {
      user = username; // without splitUser's object
      d = domain as string;
    } else ({ user, domain: d } = splitUser(username, domain));
    const realm = d && lowerName(d);
    const t = this.whole;
    if (t) {
      const rec = t.find(user);
      if (rec < 0) return undefined;
      const uid =
        (realm ? t.best(rec, CREDENTIAL, realm) : undefined) ??
        t.best(rec, URI, did ?? this.domains.didOf(d) ?? DEFAULT_DID, this.uriFlags);
      return uid !== undefined || d ? uid : t.sole(rec, CREDENTIAL);
    }
    const e = this.cache.get(user);
    if (!e) return undefined;
    if (d) {
      // Usually one credential per name: no arrays built on the way.
      let pick: Credential | undefined;
      for (let i = 0; i < e.creds.length; i++) {
        const c = e.creds[i]!;
        if (c.realm === realm && better(c, pick)) pick = c;
      }
      if (pick) return pick.uid;
    }
    const inDid = did ?? this.domains.didOf(d) ?? DEFAULT_DID;
    let uri: UriRow | undefined;
    for (const u of e.uris ?? [])
      if (u.did === inDid && (u.flags & this.uriFlags) === this.uriFlags && better(u, uri)) uri = u;
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
    if (this.whole) {
      const rec = this.whole.find(username);
      return rec >= 0 && this.whole.has(rec, URI, did, DB_CANON, uid);
    }
    const e = this.cache.get(username);
    return !!e?.uris?.some((u) => u.uid === uid && u.did === did && u.flags & DB_CANON);
  }
}

function hasRealm(e: Entry, realm: string): boolean {
  for (let i = 0; i < e.creds.length; i++) if (e.creds[i]!.realm === realm) return true;
  return false;
}

/** The common case: a plain user name and a domain, which splitUser would return as they are. */
function isPlain(username: unknown, domain: unknown): username is string {
  return (
    typeof username === 'string' &&
    typeof domain === 'string' &&
    domain !== '' &&
    !username.includes('@') &&
    !username.startsWith('sip')
  );
}

/** Active accounts before disabled (pending) ones, canonical names first, then the smallest UID:
 *  the same answer whatever order the destination returned rows in. */
function better(r: { uid: string; flags: number }, than: { uid: string; flags: number } | undefined): boolean {
  if (!than) return true;
  const a = rank(r.flags);
  const b = rank(than.flags);
  return a < b || (a === b && r.uid < than.uid);
}

const rank = (flags: number) => (flags & DB_DISABLED ? 2 : 0) + (flags & DB_CANON ? 0 : 1);
