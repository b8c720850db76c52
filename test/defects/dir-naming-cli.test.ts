// A --dir whose files no naming convention matches (issue 22 defect 7): never "up to date" in
// silence. No file matches: exit 2 naming them and the conventions. Some match: `check` and
// `upgrade` warn naming the others, which are not run. Through bin/voipdb.js on SQLite.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { runCli } from '../helpers/cli.js';

function setDir(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'voipdb-naming-')), 'app');
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

describe('issue 22 defect 7: files no naming convention matches', () => {
  it.each(['upgrade', 'init', 'check', 'status', 'sql'])(
    'none match: %s exits 2 naming the files and the conventions',
    async (cmd) => {
      const dir = setDir({
        'create-tables.sql': 'CREATE TABLE a (id INT);',
        'V2_typo.sql': 'CREATE TABLE b (id INT);',
      });
      const db = `sqlite:${join(dir, '..', 'a.db')}`;
      // check and status read an existing database: make one with an empty set first.
      const made = await runCli(['init', '--dir', setDir({}), '--url', db]);
      expect(made.code, made.stderr).toBe(0);
      const r = await runCli(
        cmd === 'sql' ? [cmd, '--dir', dir, '--dialect', 'sqlite'] : [cmd, '--dir', dir, '--url', db],
      );
      expect(r.code, r.stdout + r.stderr).toBe(ExitCode.usage);
      expect(r.stderr).toContain('V2_typo.sql, create-tables.sql');
      expect(r.stderr).toMatch(/no file in .* matches a naming convention/);
      expect(r.stderr).toContain('V<version>__<desc>.sql');
      expect(r.stdout).not.toMatch(/up to date/);
    },
  );

  it('some match: upgrade runs those and warns naming the others; check warns too', async () => {
    const dir = setDir({
      'V1__first.sql': 'CREATE TABLE a (id INT);',
      'V2_typo.sql': 'CREATE TABLE b (id INT);',
      'create-tables.sql': 'CREATE TABLE c (id INT);',
    });
    const db = `sqlite:${join(dir, '..', 'a.db')}`;
    const up = await runCli(['upgrade', '--dir', dir, '--url', db]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain('set app: V2_typo.sql, create-tables.sql match no naming convention (flyway)');
    expect(up.stdout).toContain('V1__first.sql');
    const check = await runCli(['check', '--dir', dir, '--url', db]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stderr).toContain('V2_typo.sql, create-tables.sql match no naming convention');
    // Renamed as the warning says, the file runs and the warning is gone.
    writeFileSync(join(dir, 'V2__typo.sql'), 'CREATE TABLE b (id INT);');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'V2_typo.sql'));
    rmSync(join(dir, 'create-tables.sql'));
    const fixed = await runCli(['upgrade', '--dir', dir, '--url', db]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain('V2__typo.sql');
    expect(fixed.stderr).not.toMatch(/naming convention/);
  });

  it('an empty directory is a new set, not an error', async () => {
    const dir = setDir({});
    const r = await runCli(['upgrade', '--dir', dir, '--url', `sqlite:${join(dir, '..', 'a.db')}`]);
    expect(r.code, r.stderr).toBe(0);
  });
});
