// Issue 22, through bin/voipdb.js: a module misusing op.* names the file (defect 10); hints that
// resolve what they were printed for (defect 14): the alembic record that disagrees with the
// history, restore's --force, stamp below a step with no down; a changed repeatable says why
// check is NOK, and a pack that cannot be built on a back-end says so before anything runs (16).

import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { available, MYSQL_ADMIN_URL, uniqueName } from '../helpers/backends.js';
import { runCli, runProgram, type CliResult } from '../helpers/cli.js';

const mariadb = await available('mariadb');
const root = mkdtempSync(join(tmpdir(), 'voipdb-hints-'));

function setDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

/** The command a `next:` hint names, as words (up to the first parenthesis or ' to '/' writes '). */
function hintCommand(r: CliResult): string[] {
  const m = /next: (?:[^\n]*?)(voipdb [^\n(]*)/.exec(r.stderr + r.stdout);
  expect(m, r.stderr + r.stdout).toBeTruthy();
  const words = m![1]!.trim().split(/\s+/).slice(1);
  const end = words.findIndex((w) => ['to', 'writes', 'rewrites', 'replaces', 'moves'].includes(w));
  return end < 0 ? words : words.slice(0, end);
}

afterAll(async () => {
  const { rmSync } = await import('node:fs');
  rmSync(root, { recursive: true, force: true });
});

describe('issue 22 defect 10: a module migration misusing op.createTable', () => {
  it.each([
    ["op.createTable('t1')", 'op.createTable("t1"): columns must be an array'],
    ["op.createTable('t1', { id: 'int' })", 'op.createTable("t1"): columns must be an array'],
    ["op.createTable({ name: 't1' }, [])", 'op.createTable: the first argument is the table name'],
    ["op.createTable('t1', [{ name: 'id', type: 'int' }])", 'column "id" needs a "type"'],
    ["op.createTabel('t1', [])", 'op.createTabel is not a function'],
  ])('%s: exit 6 naming the file and the problem, not 10', async (call, problem) => {
    const dir = setDir(uniqueName('mod'), { '0001_bad.js': `export function up(op) { ${call}; }\n` });
    for (const args of [
      ['upgrade', '--dir', dir, '--url', `sqlite:${dir}.db`],
      ['sql', '--dir', dir, '--dialect', 'postgresql'],
    ]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(ExitCode.migrationFailed);
      expect(r.stderr).toContain('0001_bad.js');
      expect(r.stderr).toContain(problem);
      expect(r.stderr).not.toMatch(/report|internal|\n\s+at /);
    }
  });
});

describe('issue 22 defect 14: hints resolve what they were printed for', () => {
  it.each(['zzzz0000', '210693f3123d'])(
    'alembic_version_cdr at %s, not where the history is: check hints repair, and repair resolves it',
    async (revision) => {
      const db = join(root, `${uniqueName('al')}.db`);
      const url = `sqlite:${db}`;
      expect((await runCli(['init', '--pack', 'asterisk', '-s', 'cdr', '--url', url])).code).toBe(0);
      await runProgram('sqlite3', [db, `UPDATE alembic_version_cdr SET version_num = '${revision}'`]);
      const r = await runCli(['check', '--pack', 'asterisk', '-s', 'cdr', '--url', url]);
      expect(r.code).toBe(ExitCode.notUpToDate);
      expect(r.stdout).toContain(`alembic_version_cdr says ${revision}`);
      const hint = hintCommand({ ...r, stderr: r.stdout.slice(r.stdout.indexOf('version-record')) });
      expect(hint).toEqual(['repair', '--set', 'asterisk/cdr']);
      const fixed = await runCli([...hint, '--pack', 'asterisk', '--url', url]);
      expect(fixed.code, fixed.stderr).toBe(0);
      const after = await runCli(['check', '--pack', 'asterisk', '-s', 'cdr', '--url', url]);
      expect(after.code, after.stdout).toBe(0);
      const row = await runProgram('sqlite3', [db, 'SELECT version_num FROM alembic_version_cdr']);
      expect(row.stdout.trim()).toBe('54cde9847798');
    },
  );

  it('alembic ahead of the history: repair follows it, never writes it back', async () => {
    const db = join(root, `${uniqueName('al')}.db`);
    const url = `sqlite:${db}`;
    expect((await runCli(['init', '--pack', 'asterisk', '-s', 'cdr', '--url', url])).code).toBe(0);
    const down = await runCli(['downgrade', 'asterisk/cdr@210693f3123d', '--pack', 'asterisk', '--url', url]);
    expect(down.code, down.stderr).toBe(0);
    // alembic ran the step itself.
    await runProgram('sqlite3', [
      db,
      "UPDATE alembic_version_cdr SET version_num = '54cde9847798'; " +
        'CREATE TABLE cdr2 AS SELECT * FROM cdr; DROP TABLE cdr; ' +
        'ALTER TABLE cdr2 RENAME TO cdr;',
    ]);
    const r = await runCli(['repair', '--pack', 'asterisk', '-s', 'cdr', '--url', url]);
    expect(r.code, r.stderr).toBe(0);
    const row = await runProgram('sqlite3', [db, 'SELECT version_num FROM alembic_version_cdr']);
    expect(row.stdout.trim()).toBe('54cde9847798');
  });

  it('restore into a database that is not empty: the hint is restore -f FILE --force, and it works', async () => {
    const src = `sqlite:${join(root, uniqueName('src'))}.db`;
    const dst = `sqlite:${join(root, uniqueName('dst'))}.db`;
    const file = join(root, `${uniqueName('bk')}.sqlite`);
    expect((await runCli(['init', '--pack', 'asterisk', '-s', 'cdr', '--url', src])).code).toBe(0);
    expect((await runCli(['init', '--pack', 'asterisk', '-s', 'queue_log', '--url', dst])).code).toBe(0);
    const b = await runCli(['backup', '-f', file, '--url', src]);
    expect(b.code, b.stderr).toBe(0);
    const r = await runCli(['restore', '-f', file, '--url', dst]);
    expect(r.code, r.stderr).toBe(ExitCode.refused);
    const hint = hintCommand(r);
    expect(hint).toEqual(['restore', '-f', file, '--force']);
    const again = await runCli([...hint, '--url', dst]);
    expect(again.code, again.stderr).toBe(0);
  });

  it('downgrade past a step with no down: the stamp hint moves the record (not to where it already is)', async () => {
    const dir = setDir(uniqueName('nodown'), {
      'V1__a.sql': 'CREATE TABLE a (id INT);',
      'V2__b.sql': 'CREATE TABLE b (id INT);',
      'V3__c.sql': 'CREATE TABLE c (id INT);',
    });
    const url = `sqlite:${dir}.db`;
    expect((await runCli(['upgrade', '--dir', dir, '--url', url])).code).toBe(0);
    const r = await runCli(['downgrade', 'base', '--dir', dir, '--url', url]);
    expect(r.code, r.stderr).toBe(ExitCode.refused);
    const hint = hintCommand(r);
    const name = dir.split('/').pop()!;
    expect(hint).toEqual(['stamp', `${name}@2`]);
    const s = await runCli([...hint, '--dir', dir, '--url', url, '--json']);
    expect(s.code, s.stderr).toBe(0);
    const st = await runCli(['status', '--dir', dir, '--url', url, '--json']);
    expect(JSON.parse(st.stdout).sets[0].current).toBe('2');
  });
});

describe('issue 22 defect 16: a changed repeatable, a pack a back-end cannot hold', () => {
  it('check says which repeatable changed, its checksums and the command; that command resolves it', async () => {
    const dir = setDir(uniqueName('rep'), {
      'V1__a.sql': 'CREATE TABLE a (id INT);',
      'R__va.sql': 'CREATE VIEW va AS SELECT id FROM a;',
    });
    const url = `sqlite:${dir}.db`;
    expect((await runCli(['upgrade', '--dir', dir, '--url', url])).code).toBe(0);
    writeFileSync(join(dir, 'R__va.sql'), 'CREATE VIEW va AS SELECT id, 1 AS one FROM a;');
    const r = await runCli(['check', '--dir', dir, '--url', url]);
    expect(r.code).toBe(ExitCode.notUpToDate);
    expect(r.stdout).toMatch(/R__va\.sql changed since it was applied \(checksum [0-9a-f]{12} → [0-9a-f]{12}/);
    const hint = hintCommand({ ...r, stderr: r.stdout.slice(r.stdout.indexOf('R__va.sql changed')) });
    expect(hint).toEqual(['upgrade']);
    expect((await runCli([...hint, '--dir', dir, '--url', url])).code).toBe(0);
    const after = await runCli(['check', '--dir', dir, '--url', url]);
    expect(after.code, after.stdout).toBe(0);
  });

  it('init --pack xivo on SQLite: exit 2 naming PostgreSQL, and no file made', async () => {
    const db = join(root, `${uniqueName('xivo')}.db`);
    const r = await runCli(['init', '--pack', 'xivo', '--url', `sqlite:${db}`]);
    expect(r.code, r.stdout + r.stderr).toBe(ExitCode.usage);
    expect(r.stderr).toContain('set xivo cannot be built on SQLite');
    expect(r.stderr).toContain('PostgreSQL (postgresql:// or pglite:)');
    expect(existsSync(db)).toBe(false);
    const sql = await runCli(['sql', '--pack', 'xivo', '--dialect', 'sqlite']);
    expect(sql.code).toBe(ExitCode.usage);
  });

  it.skipIf(!mariadb)('init --create-database --pack xivo on MariaDB: exit 2 before the database is made', async () => {
    const name = uniqueName('xivo');
    const url = MYSQL_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    const r = await runCli(['init', '--create-database', '--pack', 'xivo', '--url', url]);
    expect(r.code, r.stdout + r.stderr).toBe(ExitCode.usage);
    expect(r.stderr).toContain('set xivo cannot be built on MySQL/MariaDB');
    const dbs = await runCli(['check', '--pack', 'asterisk', '--url', url]);
    expect(dbs.code).toBe(ExitCode.connection);
  });
});
