// `voipdb odbc`: from a target, the unixODBC entries (odbc.ini, odbcinst.ini) and FreeSWITCH's
// switch.conf / callcenter.conf / odbc_cdr.conf snippets that point FreeSWITCH at it.
//
// The password lives in one place only: the DSN in odbc.ini (mode 0600). FreeSWITCH names the
// DSN as odbc://<dsn> with no user or password, so the driver reads both from odbc.ini.

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VoipdbError } from '../core/errors.js';
import type { DialectName, DriverName, Target } from '../db/url.js';
import { cdrFields, type CdrField } from '../packs/ominis/cdr.js';

interface OdbcDriver {
  /** The driver's section name, as Debian's package registers it in /etc/odbcinst.ini. */
  name: string;
  description: string;
  /** Shared object in the multiarch ODBC directory. */
  file: string;
  debianPackage: string;
  /** odbc.ini keys this driver reads. */
  keys: { server: string; port: string; database: string; user: string; password: string };
  /** Extra DSN lines, with the reason as a comment. */
  extra: string[];
}

const drivers: Record<DialectName, OdbcDriver | undefined> = {
  postgres: {
    name: 'PostgreSQL Unicode',
    description: 'PostgreSQL ODBC driver (Unicode version)',
    file: 'psqlodbcw.so',
    debianPackage: 'odbc-postgresql',
    keys: { server: 'Servername', port: 'Port', database: 'Database', user: 'Username', password: 'Password' },
    extra: ['ReadOnly = No'],
  },
  mysql: {
    name: 'MariaDB Unicode',
    description: 'MariaDB Connector/ODBC (Unicode)',
    file: 'libmaodbc.so',
    debianPackage: 'odbc-mariadb',
    keys: { server: 'Server', port: 'Port', database: 'Database', user: 'User', password: 'Password' },
    // mod_callcenter sends several statements in one query: allow multi-statements (CLIENT_MULTI_STATEMENTS).
    extra: ['Option = 67108864'],
  },
  // FreeSWITCH opens SQLite files itself (noOdbc below says how).
  sqlite: undefined,
};

/** Targets FreeSWITCH cannot reach through ODBC, and what to do instead. */
const noOdbc: Partial<Record<DriverName, { why: string; hint: string }>> = {
  'better-sqlite3': {
    why: 'FreeSWITCH opens SQLite files itself, without ODBC',
    hint: 'point FreeSWITCH at the file with <param name="core-db-name" value="/path/to/core.db"/> in switch.conf and <param name="dbname" .../> in callcenter.conf',
  },
  pglite: {
    why: 'an embedded PGlite database has no server FreeSWITCH could connect to',
    hint: 'give a postgresql:// or mysql:// target: voipdb odbc postgresql://user@host/db',
  },
};

/** Debian's multiarch library directory for this machine's architecture. */
export function defaultDriverDir(arch: string = process.arch): string {
  const triplet: Record<string, string> = {
    x64: 'x86_64-linux-gnu',
    arm64: 'aarch64-linux-gnu',
    arm: 'arm-linux-gnueabihf',
    ia32: 'i386-linux-gnu',
    ppc64: 'powerpc64le-linux-gnu',
    s390x: 's390x-linux-gnu',
  };
  return `/usr/lib/${triplet[arch] ?? 'x86_64-linux-gnu'}/odbc`;
}

export interface OdbcOptions {
  /** DSN name (default: the database name). */
  dsn?: string;
  /** Login FreeSWITCH uses (default: the target's user), e.g. the freeswitch_user from `voipdb grants`. */
  user?: string;
  /** Written into odbc.ini only when given; never printed. */
  password?: string;
  driverDir?: string;
  cdrTable?: string;
  logLeg?: 'a-leg' | 'b-leg' | 'both';
  fields?: CdrField[];
}

export interface OdbcFile {
  name: string;
  content: string;
  /** Holds the password: written with mode 0600, never printed. */
  secret: boolean;
}

export interface OdbcConfig {
  dsn: string;
  files: OdbcFile[];
  notes: string[];
}

const xmlAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlComment = (s: string) => s.replace(/--/g, '- -');

export function odbcConfig(target: Target, opts: OdbcOptions = {}): OdbcConfig {
  const refused = noOdbc[target.driver];
  if (refused)
    throw new VoipdbError('usage', `no ODBC configuration for ${target.display}: ${refused.why}`, {
      where: target.display,
      hint: refused.hint,
    });
  const driver = drivers[target.dialect]!;
  const dsn = opts.dsn ?? target.database ?? 'freeswitch';
  if (!/^[A-Za-z0-9_.-]+$/.test(dsn)) {
    throw new VoipdbError('usage', `"${dsn}" cannot be a DSN name (letters, digits, _ . - only)`, {
      hint: 'voipdb odbc --dsn callcenter',
    });
  }
  const user = opts.user ?? target.user;
  const dir = opts.driverDir ?? defaultDriverDir();
  const k = driver.keys;
  const host = target.params.host ?? target.host ?? 'localhost';

  const odbcIni = [
    `; voipdb: FreeSWITCH's database ${target.database ?? ''} on ${host}:${target.port}`,
    `[${dsn}]`,
    `Description = FreeSWITCH database (${target.dialect})`,
    `Driver = ${driver.name}`,
    `${k.server} = ${host}`,
    `${k.port} = ${target.port}`,
    `${k.database} = ${target.database ?? ''}`,
    ...(user ? [`${k.user} = ${user}`] : []),
    opts.password !== undefined
      ? `${k.password} = ${opts.password}`
      : `; ${k.password} = <the password of ${user ?? 'the user'}: here and nowhere else; then chmod 600 this file>`,
    ...driver.extra,
    '',
  ].join('\n');

  const odbcinstIni = [
    `[${driver.name}]`,
    `Description = ${driver.description}`,
    `Driver = ${dir}/${driver.file}`,
    'UsageCount = 1',
    '',
  ].join('\n');

  const dsnRef = `odbc://${dsn}`;
  const switchConf = [
    '<!-- autoload_configs/switch.conf.xml: add inside <settings> -->',
    `<!-- FreeSWITCH's core database (channels, calls, registrations ...) through the ODBC DSN ${dsn} -->`,
    `<param name="core-db-dsn" value="${xmlAttr(dsnRef)}"/>`,
    // auto-create-schemas stays on: it is global (mod_sofia's own tables need it), and voipdb's
    // schema passes FreeSWITCH's probes, so FreeSWITCH never drops or recreates a table here.
    '',
  ].join('\n');

  const callcenterConf = [
    '<!-- autoload_configs/callcenter.conf.xml: add inside <settings> -->',
    `<!-- mod_callcenter's agents, tiers and members through the ODBC DSN ${dsn}; user and password come from odbc.ini -->`,
    `<param name="odbc-dsn" value="${xmlAttr(dsnRef)}"/>`,
    '',
  ].join('\n');

  const table = opts.cdrTable ?? 'cdr';
  const logLeg = opts.logLeg ?? 'a-leg';
  const fieldLines = (opts.fields ?? cdrFields).map((f) => {
    if (!f.chanVar)
      return `      <!-- ${xmlAttr(f.column)}: ${xmlComment(f.note ?? 'not written by mod_odbc_cdr')} -->`;
    const quote = f.quote === false ? ' quote="false"' : '';
    const note = f.note ? ` <!-- ${xmlComment(f.note)} -->` : '';
    return `      <field name="${xmlAttr(f.column)}" chan-var-name="${xmlAttr(f.chanVar)}"${quote}/>${note}`;
  });
  const odbcCdrConf = [
    '<!-- autoload_configs/odbc_cdr.conf.xml -->',
    '<configuration name="odbc_cdr.conf" description="ODBC CDR Configuration">',
    '  <settings>',
    `    <param name="odbc-dsn" value="${xmlAttr(dsnRef)}"/>`,
    `    <param name="log-leg" value="${logLeg}"/>`,
    '    <param name="write-csv" value="on-db-fail"/>',
    '    <param name="csv-path" value="/var/log/freeswitch/odbc_cdr"/>',
    '  </settings>',
    '  <tables>',
    `    <table name="${xmlAttr(table)}" log-leg="${logLeg}">`,
    ...fieldLines,
    '    </table>',
    '  </tables>',
    '</configuration>',
    '',
  ].join('\n');

  const notes = [
    opts.password !== undefined
      ? `odbc.ini holds the password of ${user}: it is written with mode 0600; make it readable by the FreeSWITCH user only.`
      : `The password of ${user ?? 'the login'} goes in odbc.ini, as "${k.password} = ..." in [${dsn}], and nowhere else: FreeSWITCH's files name the DSN only (${dsnRef}). chmod 600 odbc.ini, owned by the FreeSWITCH user.`,
    `The driver comes from Debian's ${driver.debianPackage} package (${dir}/${driver.file}); give --driver-dir for another layout.`,
    'Point FreeSWITCH at the files with ODBCINI=<dir>/odbc.ini and ODBCSYSINI=<dir> (the directory holding odbcinst.ini); test with: isql -v ' +
      dsn,
  ];

  return {
    dsn,
    files: [
      { name: 'odbc.ini', content: odbcIni, secret: opts.password !== undefined },
      { name: 'odbcinst.ini', content: odbcinstIni, secret: false },
      { name: 'switch.conf.xml', content: switchConf, secret: false },
      { name: 'callcenter.conf.xml', content: callcenterConf, secret: false },
      { name: 'odbc_cdr.conf.xml', content: odbcCdrConf, secret: false },
    ],
    notes,
  };
}

/** Write the files into `dir` (created if missing); files with a password get mode 0600. */
export function writeOdbcFiles(dir: string, config: OdbcConfig): string[] {
  mkdirSync(dir, { recursive: true });
  return config.files.map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.content, { mode: f.secret ? 0o600 : 0o644 });
    if (f.secret) chmodSync(path, 0o600); // an existing file keeps its mode otherwise
    return path;
  });
}

/** The files as one text for the terminal: never with a password in it. */
export function formatOdbcConfig(config: OdbcConfig): string {
  const out: string[] = [];
  for (const f of config.files) {
    if (f.secret)
      throw new VoipdbError('refused', `${f.name} holds a password and is not printed`, {
        hint: 'write the files with --out <dir>',
      });
    out.push(`### ${f.name}`, f.content);
  }
  out.push(...config.notes.map((n) => `# note: ${n}`));
  return out.join('\n') + '\n';
}
