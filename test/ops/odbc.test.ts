// `voipdb odbc` output: Debian's driver names and paths, FreeSWITCH's three settings naming the
// DSN only, a field mapping for every cdr column, and the password in odbc.ini alone — never
// printed, written with mode 0600.

import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VoipdbError } from '../../src/core/errors.js';
import { parseTarget } from '../../src/db/url.js';
import { defaultDriverDir, formatOdbcConfig, odbcConfig, writeOdbcFiles } from '../../src/ops/odbc.js';
import { cdrColumns } from '../../src/packs/ominis/schema.js';

const file = (c: ReturnType<typeof odbcConfig>, name: string) => c.files.find((f) => f.name === name)!.content;

describe('voipdb odbc', () => {
  it('writes PostgreSQL entries for psqlODBC as Debian installs it', () => {
    const c = odbcConfig(parseTarget('postgresql://callcenter_user:S3cret-pg@postgres.demo.svc:5432/callcenter'), {
      driverDir: defaultDriverDir('x64'),
    });
    expect(c.dsn).toBe('callcenter');
    const ini = file(c, 'odbc.ini');
    expect(ini).toContain('[callcenter]');
    expect(ini).toContain('Driver = PostgreSQL Unicode');
    expect(ini).toContain('Servername = postgres.demo.svc');
    expect(ini).toContain('Port = 5432');
    expect(ini).toContain('Database = callcenter');
    expect(ini).toContain('Username = callcenter_user');
    expect(file(c, 'odbcinst.ini')).toContain('Driver = /usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so');
    expect(file(c, 'switch.conf.xml')).toContain('<param name="core-db-dsn" value="odbc://callcenter"/>');
    expect(file(c, 'callcenter.conf.xml')).toContain('<param name="odbc-dsn" value="odbc://callcenter"/>');
    // the password of the URL goes nowhere unless asked for
    for (const f of c.files) expect(f.content).not.toContain('S3cret-pg');
    expect(formatOdbcConfig(c)).not.toContain('S3cret-pg');
    expect(c.notes.join('\n')).toMatch(/password of callcenter_user goes in odbc\.ini.*and nowhere else/);
  });

  it('writes MariaDB entries with multi-statements on, for mod_callcenter', () => {
    const c = odbcConfig(parseTarget('mysql://fs@db.local/freeswitch'), {
      dsn: 'fs',
      user: 'freeswitch_user',
      driverDir: defaultDriverDir('arm64'),
    });
    const ini = file(c, 'odbc.ini');
    expect(ini).toContain('[fs]');
    expect(ini).toContain('Driver = MariaDB Unicode');
    expect(ini).toContain('Server = db.local');
    expect(ini).toContain('Port = 3306');
    expect(ini).toContain('User = freeswitch_user');
    expect(ini).toContain('Option = 67108864');
    expect(file(c, 'odbcinst.ini')).toContain('Driver = /usr/lib/aarch64-linux-gnu/odbc/libmaodbc.so');
    expect(file(c, 'odbc_cdr.conf.xml')).toContain('<param name="odbc-dsn" value="odbc://fs"/>');
  });

  it('maps every cdr column in odbc_cdr.conf, numbers unquoted', () => {
    const xml = file(odbcConfig(parseTarget('postgresql://u@h/db')), 'odbc_cdr.conf.xml');
    expect(xml).toContain('<table name="cdr" log-leg="a-leg">');
    for (const c of cdrColumns)
      expect(xml, c.name).toMatch(new RegExp(`(<field name="${c.name}" chan-var-name="[a-z_]+"|<!-- ${c.name}: )`));
    expect(xml).toContain('<field name="billsec" chan-var-name="billsec" quote="false"/>');
    expect(xml).toContain('<field name="queue_name" chan-var-name="cc_queue"/>');
    // well-formed comments: no "--" inside one
    for (const m of xml.matchAll(/<!--(.*?)-->/g)) expect(m[1]).not.toContain('--');
  });

  it('puts a given password in odbc.ini only, refuses to print it, writes it 0600', () => {
    const c = odbcConfig(parseTarget('postgresql://freeswitch_user@db/callcenter'), { password: 'pw-in-ini-only' });
    expect(c.files.filter((f) => f.content.includes('pw-in-ini-only')).map((f) => f.name)).toEqual(['odbc.ini']);
    expect(() => formatOdbcConfig(c)).toThrow(VoipdbError);
    const dir = mkdtempSync(join(tmpdir(), 'voipdb-odbc-'));
    const paths = writeOdbcFiles(dir, c);
    expect(paths).toHaveLength(5);
    expect(statSync(join(dir, 'odbc.ini')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'switch.conf.xml')).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(dir, 'odbc.ini'), 'utf8')).toContain('Password = pw-in-ini-only');
  });

  it('says what to do for SQLite and PGlite targets', () => {
    expect(() => odbcConfig(parseTarget('sqlite:/var/lib/freeswitch/db/core.db'))).toThrow(/opens SQLite files itself/);
    expect(() => odbcConfig(parseTarget('pglite:./voipdb-data'))).toThrow(/no server/);
  });

  it.skipIf(!existsSync('/usr/bin/isql'))('names driver files that exist on this Debian machine', () => {
    for (const url of ['postgresql://u@h/db', 'mysql://u@h/db']) {
      const line = file(odbcConfig(parseTarget(url)), 'odbcinst.ini')
        .split('\n')
        .find((l) => l.startsWith('Driver = '))!;
      expect(existsSync(line.slice('Driver = '.length)), line).toBe(true);
    }
  });
});
