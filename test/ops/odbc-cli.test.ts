// `voipdb odbc` from the command line: prints the five files without the password, writes them
// with --out (odbc.ini 0600 with --with-password), and refuses to print a password.

import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './voipdb-cli.js';

describe('voipdb odbc (CLI)', () => {
  it('prints the files and notes, never the password of the URL', async () => {
    const r = await runCli(['--url', 'postgresql://callcenter_user:Pw-Url-1@pg.local/callcenter', 'odbc']);
    expect(r.code).toBe(0);
    for (const name of ['odbc.ini', 'odbcinst.ini', 'switch.conf.xml', 'callcenter.conf.xml', 'odbc_cdr.conf.xml'])
      expect(r.stdout).toContain(`### ${name}`);
    expect(r.stdout).toContain('<param name="core-db-dsn" value="odbc://callcenter"/>');
    expect(r.stdout + r.stderr).not.toContain('Pw-Url-1');
  });

  it('writes the files, the password only in odbc.ini with mode 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voipdb-odbc-cli-'));
    const r = await runCli([
      '--url',
      'mysql://fs:Pw-Url-2@db.local/freeswitch',
      'odbc',
      '--dsn',
      'freeswitch',
      '--out',
      dir,
      '--with-password',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).written).toHaveLength(5);
    expect(r.stdout).not.toContain('Pw-Url-2');
    expect(readFileSync(join(dir, 'odbc.ini'), 'utf8')).toContain('Password = Pw-Url-2');
    expect(statSync(join(dir, 'odbc.ini')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'callcenter.conf.xml'), 'utf8')).not.toContain('Pw-Url-2');
  });

  it("reads another login's password from VOIPDB_PASSWORD_<USER>, as grants does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voipdb-odbc-cli-'));
    process.env.VOIPDB_PASSWORD_FREESWITCH_USER = 'Pw-Env-3';
    try {
      const r = await runCli([
        '--url',
        'postgresql://admin@pg.local/callcenter',
        'odbc',
        '--user',
        'freeswitch_user',
        '--out',
        dir,
        '--with-password',
      ]);
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'odbc.ini'), 'utf8')).toMatch(/Username = freeswitch_user\nPassword = Pw-Env-3/);
    } finally {
      delete process.env.VOIPDB_PASSWORD_FREESWITCH_USER;
    }
  });

  it('refuses --with-password without --out, and SQLite targets, with the next step', async () => {
    const a = await runCli(['--url', 'postgresql://u:p@h/db', 'odbc', '--with-password']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('needs --out');
    const b = await runCli(['--url', 'sqlite:/tmp/core.db', 'odbc']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('core-db-name');
  });
});
