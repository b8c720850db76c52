// SIP names as SER 0.9 stored them: usernames that may carry the domain ("alice@iptel.org" with an
// empty domain column), URIs with display names and parameters, MySQL zero dates.

export interface SipUri {
  scheme: string;
  user?: string;
  host: string;
  port?: string;
}

/** Username and domain of a SER 0.9 row: the domain column, else the part after '@' in the username. */
export function splitUser(username: unknown, domain: unknown): { user: string; domain: string } {
  // The common case first: a plain user name and a domain.
  if (
    typeof username === 'string' &&
    typeof domain === 'string' &&
    domain &&
    !username.includes('@') &&
    !username.startsWith('sip')
  )
    return { user: username, domain };
  let user = username == null ? '' : String(username);
  if (user.startsWith('sip:')) user = user.slice(4);
  else if (user.startsWith('sips:')) user = user.slice(5);
  const d = domain == null ? '' : String(domain);
  const at = user.indexOf('@');
  if (at >= 0) return { user: user.slice(0, at), domain: d || user.slice(at + 1) };
  return { user, domain: d };
}

const SCHEME = /^[a-z][a-z0-9+.-]*$/;
/** Anything toLowerCase might change (Unicode too). */
const NOT_LOWER = /[^a-z0-9.-]/;

/** A host name or realm in lower case: the same string when it already is (most are). */
export function lowerName(s: string): string {
  return NOT_LOWER.test(s) ? s.toLowerCase() : s;
}

/** Parse a SIP URI, or a From/To value holding one ("Alice" <sip:alice@iptel.org>;tag=1). */
export function parseUri(text: unknown): SipUri | undefined {
  if (text == null) return undefined;
  let t = String(text).trim();
  const lt = t.indexOf('<');
  if (lt >= 0) {
    const gt = t.indexOf('>', lt);
    t = t.slice(lt + 1, gt < 0 ? undefined : gt);
  }
  const colon = t.indexOf(':');
  if (colon <= 0) return undefined;
  const scheme = t.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips' && !SCHEME.test(scheme)) return undefined;
  let rest = t.slice(colon + 1);
  let user: string | undefined;
  const at = rest.lastIndexOf('@', paramsStart(rest));
  if (at >= 0) {
    const info = rest.slice(0, at);
    const pw = info.indexOf(':');
    user = pw >= 0 ? info.slice(0, pw) : info;
    rest = rest.slice(at + 1);
  }
  rest = rest.slice(0, paramsStart(rest));
  let host = rest;
  let port: string | undefined;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    host = rest.slice(0, end + 1);
    if (rest[end + 1] === ':') port = rest.slice(end + 2);
  } else {
    const pc = rest.indexOf(':');
    if (pc >= 0) {
      host = rest.slice(0, pc);
      port = rest.slice(pc + 1);
    }
  }
  if (!host) return undefined;
  return { scheme, user: user || undefined, host, port };
}

/** Where URI parameters (';') or headers ('?') start, or the end. */
function paramsStart(s: string): number {
  const a = s.indexOf(';');
  const b = s.indexOf('?');
  if (a < 0) return b < 0 ? s.length : b;
  return b < 0 || a < b ? a : b;
}

/** SER 2.0's "never" (the defaults of its DATETIME columns); MySQL zero dates become it. */
export const EPOCH = '1970-01-01 00:00:00';

/** A DATETIME as text, with MySQL's zero dates (which PostgreSQL cannot hold) as EPOCH. */
export function datetime(v: unknown): string | null {
  if (v == null || v === '') return null;
  const s = String(v);
  if (s.startsWith('0000-00-00')) return EPOCH;
  return s;
}

/** A Unix time (msilo's inc_time/exp_time) as a UTC DATETIME. */
export function fromUnixTime(v: unknown): string {
  const n = Number(v ?? 0);
  if (!Number.isFinite(n) || n <= 0) return EPOCH;
  return new Date(n * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function text(v: unknown): string {
  return v == null ? '' : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}
