// A target is one database given by URL. voipdb accepts its own spellings and the SQLAlchemy ones
// found in Asterisk's config.ini and XiVO's configuration, as they are.

import { VoipdbError } from '../core/errors.js';
import { redact, registerSecret } from '../core/redact.js';

export type DialectName = 'postgres' | 'mysql' | 'sqlite';
export type DriverName = 'pg' | 'mysql2' | 'better-sqlite3' | 'pglite';

export interface Target {
  dialect: DialectName;
  driver: DriverName;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** sqlite / pglite: file or directory path; ':memory:' / 'memory://' for in-memory. */
  path?: string;
  params: Record<string, string>;
  /** The URL as given, with the password removed: safe to print. */
  display: string;
}

export const DEFAULT_PGLITE_DIR = './voipdb-data';

// SQLAlchemy driver suffixes voipdb can serve with its own drivers.
const PG_DRIVERS = new Set(['', 'psycopg2', 'psycopg', 'psycopg2cffi', 'pg8000', 'asyncpg', 'pygresql', 'pg']);
const MYSQL_DRIVERS = new Set([
  '',
  'pymysql',
  'mysqldb',
  'mysqlconnector',
  'mysql-connector',
  'aiomysql',
  'asyncmy',
  'mariadbconnector',
  'cymysql',
  'oursql',
  'mysql2',
]);
const KNOWN_UNSUPPORTED = new Set(['oracle', 'mssql', 'sybase', 'firebird', 'db2', 'ibm_db_sa', 'informix']);

/**
 * The URL parameters voipdb reads, per driver, spelled as each server's own clients spell them
 * (libpq: sslmode, sslrootcert, sslcert, sslkey; mysql/mariadb: ssl-mode, ssl-ca, ssl-cert,
 * ssl-key, and PyMySQL's ssl_ca...). Any other is refused: a parameter silently ignored is a TLS
 * setting that was not applied.
 */
const PARAMS: Record<DriverName, Record<string, readonly string[] | null>> = {
  pg: {
    sslmode: ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'],
    sslrootcert: null,
    sslcert: null,
    sslkey: null,
    connect_timeout: null,
    host: null,
    client_encoding: ['utf8', 'UTF8', 'utf-8', 'UTF-8'],
  },
  mysql2: {
    'ssl-mode': ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'],
    'ssl-ca': null,
    'ssl-cert': null,
    'ssl-key': null,
    charset: null,
    connect_timeout: null,
    unix_socket: null,
  },
  'better-sqlite3': { mode: ['ro', 'rw'], journal_mode: ['wal', 'delete', 'WAL', 'DELETE'], lock_timeout: null },
  pglite: { lock_timeout: null },
};

/** PyMySQL / SQLAlchemy spellings of the MySQL TLS parameters, read as the client's own. */
const MYSQL_ALIASES: Record<string, string> = {
  ssl_mode: 'ssl-mode',
  ssl_ca: 'ssl-ca',
  ssl_cert: 'ssl-cert',
  ssl_key: 'ssl-key',
  sslmode: 'ssl-mode',
};

/** Refuse what voipdb would not apply, naming it; normalise aliases and case. */
function checkParams(t: Target): Target {
  const known = PARAMS[t.driver];
  const params: Record<string, string> = {};
  for (const [raw, value] of Object.entries(t.params)) {
    const name = t.driver === 'mysql2' ? (MYSQL_ALIASES[raw] ?? raw) : raw;
    const allowed = known[name];
    const scheme = t.display.split(':')[0];
    if (allowed === undefined) {
      const hint =
        name === 'ssl' && t.driver === 'mysql2'
          ? 'for TLS write ssl-mode=REQUIRED (or VERIFY_CA / VERIFY_IDENTITY with ssl-ca=<file>)'
          : `the parameters voipdb reads in a ${scheme}: URL are ${Object.keys(known).join(', ')}`;
      throw new VoipdbError('bad-url', `unknown URL parameter "${raw}" in "${t.display}"`, { hint });
    }
    const v = name === 'ssl-mode' ? value.toUpperCase() : value;
    if (allowed && !allowed.includes(v)) {
      throw new VoipdbError(
        'bad-url',
        `URL parameter ${raw}=${value} is not one of ${allowed.join(', ')} ("${t.display}")`,
        { hint: `write ${raw}=${allowed[0]} or another of those values` },
      );
    }
    params[name] = v;
  }
  return { ...t, params };
}

export function parseTarget(input: string | undefined | null): Target {
  const t = parseTargetUnchecked(input);
  return checkParams(t);
}

function parseTargetUnchecked(input: string | undefined | null): Target {
  if (!input) {
    return {
      dialect: 'postgres',
      driver: 'pglite',
      path: DEFAULT_PGLITE_DIR,
      params: {},
      display: `pglite:${DEFAULT_PGLITE_DIR}`,
    };
  }
  const url = input.trim();
  const m = /^([a-zA-Z][a-zA-Z0-9_.+-]*):(.*)$/.exec(url);
  if (!m) {
    throw new VoipdbError('bad-url', `not a database URL: "${maskUrl(url)}"`, {
      hint: 'use postgresql://user@host/db, mysql://user@host/db, sqlite:path/to/file.db or pglite:path/to/dir',
    });
  }
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  const [base, driverSuffix = ''] = scheme.split('+', 2) as [string, string?];

  if (base === 'sqlite' || base === 'sqlite3') {
    return {
      dialect: 'sqlite',
      driver: 'better-sqlite3',
      path: sqlitePath(rest),
      params: queryParams(rest),
      display: maskUrl(url),
    };
  }
  if (base === 'pglite') {
    const p = rest.replace(/^\/\//, '').split('?')[0]!;
    return {
      dialect: 'postgres',
      driver: 'pglite',
      path: p === '' || p === 'memory' ? 'memory://' : p,
      params: queryParams(rest),
      display: maskUrl(url),
    };
  }
  if (base === 'postgres' || base === 'postgresql' || base === 'pgsql') {
    if (!PG_DRIVERS.has(driverSuffix)) throw unsupportedDriver(url, base, driverSuffix);
    return networkTarget(url, 'postgres', 'pg', 5432);
  }
  if (base === 'mysql' || base === 'mariadb') {
    if (!MYSQL_DRIVERS.has(driverSuffix)) throw unsupportedDriver(url, base, driverSuffix);
    return networkTarget(url, 'mysql', 'mysql2', 3306);
  }
  if (KNOWN_UNSUPPORTED.has(base)) {
    throw new VoipdbError('missing-driver', `voipdb does not support ${base} databases ("${maskUrl(url)}")`, {
      hint: 'voipdb runs on PostgreSQL, MySQL/MariaDB and SQLite; use one of postgresql://, mysql://, sqlite:',
    });
  }
  throw new VoipdbError('bad-url', `unknown URL scheme "${scheme}" in "${maskUrl(url)}"`, {
    hint: 'use postgresql://, mysql://, mariadb://, sqlite: or pglite: (SQLAlchemy forms such as postgresql+psycopg2:// work too)',
  });
}

/**
 * The URL with its password masked, even when the URL is malformed (an unencoded '@' or '/' in
 * the password, "//" missing): everything between the user's ':' and the last '@' before the query.
 */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  const at = url.lastIndexOf('@', q < 0 ? url.length : q);
  if (at >= 0) {
    const scheme = /^[a-zA-Z][a-zA-Z0-9_.+-]*:\/*/.exec(url)?.[0] ?? '';
    const slashes = url.indexOf('//');
    const start = scheme ? scheme.length : slashes >= 0 && slashes < at ? slashes + 2 : 0;
    const colon = url.indexOf(':', start);
    if (colon >= 0 && colon < at) url = url.slice(0, colon + 1) + '***' + url.slice(at);
  }
  return redact(url);
}

function unsupportedDriver(url: string, base: string, suffix: string): VoipdbError {
  return new VoipdbError(
    'missing-driver',
    `the URL names the driver "${base}+${suffix}", which voipdb does not bundle ("${maskUrl(url)}")`,
    {
      hint: `voipdb talks to ${base} with its own driver: write the URL as ${base === 'mariadb' ? 'mysql' : base}://user@host/db (drop "+${suffix}")`,
    },
  );
}

function queryParams(rest: string): Record<string, string> {
  const q = rest.indexOf('?');
  if (q < 0) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rest.slice(q + 1))) out[k] = v;
  return out;
}

function sqlitePath(rest: string): string {
  let p = rest.split('?')[0]!;
  // SQLAlchemy: sqlite:///relative.db, sqlite:////abs/path.db, sqlite:// (memory)
  if (p.startsWith('///')) p = p.slice(3);
  else if (p.startsWith('//')) p = p.slice(2);
  if (p === '' || p === ':memory:' || p === 'memory') return ':memory:';
  return decodeURIComponent(p);
}

function networkTarget(url: string, dialect: DialectName, driver: DriverName, defaultPort: number): Target {
  let parsed: URL;
  const malformed = () =>
    new VoipdbError('bad-url', `malformed database URL "${maskUrl(url)}"`, {
      hint: 'the form is scheme://user@host:port/database, the password after the user as user:password, percent-encoded (or in VOIPDB_PASSWORD)',
    });
  // Without "//" the host would be read as a path and the connection go to localhost.
  if (!/^[^:]+:\/\//.test(url)) throw malformed();
  try {
    // URL needs a special-ish scheme to parse the authority; normalise it.
    parsed = new URL(url.replace(/^[^:]+:/, 'voipdb:'));
  } catch {
    throw malformed();
  }
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  registerSecret(password);
  const params: Record<string, string> = {};
  for (const [k, v] of parsed.searchParams) params[k] = v;
  // host may also come from ?host=/path (unix socket), as libpq and SQLAlchemy allow
  const host = parsed.hostname
    ? decodeURIComponent(parsed.hostname)
    : (params.host ?? params.unix_socket ?? 'localhost');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined;
  return {
    dialect,
    driver,
    host,
    port: parsed.port ? Number(parsed.port) : defaultPort,
    user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password,
    database,
    params,
    display: maskUrl(url),
  };
}

/** The same target with another database name (used to reach a server's maintenance database). */
export function withDatabase(target: Target, database: string): Target {
  return { ...target, database, display: target.display.replace(/\/[^/?]*(\?|$)/, `/${database}$1`) };
}

/** Rebuild a URL for the target (password included only when asked: never print it). */
export function targetUrl(target: Target, opts: { withPassword?: boolean } = {}): string {
  if (target.driver === 'better-sqlite3') return `sqlite:${target.path}`;
  if (target.driver === 'pglite') return `pglite:${target.path}`;
  const scheme = target.dialect === 'postgres' ? 'postgresql' : 'mysql';
  const auth = target.user
    ? encodeURIComponent(target.user) +
      (opts.withPassword && target.password ? ':' + encodeURIComponent(target.password) : '') +
      '@'
    : '';
  return `${scheme}://${auth}${target.host ?? 'localhost'}:${target.port}/${target.database ?? ''}`;
}
