// Read-only commands never create what they are pointed at (issue 22, defect 8): check, status,
// history, heads, diff and doctor on a missing SQLite file, PGlite directory or server database
// exit 3 with the `voipdb init` hint, and leave nothing behind.

import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { available, MYSQL_ADMIN_URL, PG_ADMIN_URL, uniqueName } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';

const READ_ONLY = ['check', 'status', 'history', 'diff', 'doctor'];
const EXAMPLE = 'examples/pbx';

describe('read-only commands on a missing file database', () => {
  it('SQLite: exit 3, the init hint, no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voipdb-ro-'));
    const url = `sqlite:${join(dir, 'nosuch.db')}`;
    for (const cmd of READ_ONLY) {
      const r = await runCli([cmd, '--dir', EXAMPLE, '--url', url]);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toMatch(/does not exist/);
      expect(r.stderr).toContain(`next: create it with: voipdb init --url ${url} --dir ${EXAMPLE}`);
      expect(readdirSync(dir), cmd).toEqual([]);
    }
    // the hint works: init, then check is fine
    expect((await runCli(['init', '--url', url, '--dir', EXAMPLE])).code).toBe(0);
    expect((await runCli(['check', '--dir', EXAMPLE, '--url', url])).code).toBe(0);
  });

  it('PGlite: exit 3, the init hint, no data directory (also the default ./voipdb-data)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voipdb-ro-'));
    const url = `pglite:${join(dir, 'nosuchdir')}`;
    for (const cmd of READ_ONLY) {
      const r = await runCli([cmd, '--pack', 'asterisk', '--url', url]);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toMatch(/no PGlite database in/);
      expect(r.stderr).toContain(`voipdb init --url ${url} --pack asterisk`);
      expect(existsSync(join(dir, 'nosuchdir')), cmd).toBe(false);
    }
    const cwd = mkdtempSync(join(tmpdir(), 'voipdb-ro-'));
    const r = await runCli(['status', '--pack', 'asterisk'], { cwd });
    expect(r.code).toBe(3);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe.skipIf(!(await available('postgres')))('read-only commands on a missing PostgreSQL database', () => {
  it('exit 3 naming the database, with the init hint; no database made', async () => {
    const name = uniqueName('ro');
    const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    for (const cmd of READ_ONLY) {
      const r = await runCli([cmd, '--pack', 'asterisk', '--url', url]);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toMatch(new RegExp(`database "${name}" does not exist.*voipdb init`));
    }
  });
});

describe.skipIf(!(await available('mariadb')))('read-only commands on a missing MariaDB database', () => {
  it('exit 3 naming the database, with the init hint', async () => {
    const name = uniqueName('ro');
    const url = MYSQL_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    for (const cmd of ['check', 'status']) {
      const r = await runCli([cmd, '--pack', 'asterisk', '--url', url]);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toMatch(new RegExp(`database "${name}" does not exist.*voipdb init`));
    }
  });
});
