// Data loss is never silent, for SQL text too (issue 22, defect 13): a migration file that
// narrows a column holding rows — ALTER COLUMN ... TYPE smallint, MySQL MODIFY, an enum losing a
// label — is judged against the live column and stops the upgrade (exit 8) until
// --allow-data-loss; widening, or narrowing an empty table, runs.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

function setDir(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'voipdb-loss-')), 'pbx');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const BASE: Record<'postgres' | 'mysql', string> = {
  postgres: `CREATE TYPE peer_kind AS ENUM ('user', 'friend', 'peer');
CREATE TABLE sippeers (id integer PRIMARY KEY, name varchar(80) NOT NULL, kind peer_kind, empty_ok varchar(80));
CREATE TABLE spare (id integer PRIMARY KEY, name varchar(80));
INSERT INTO sippeers (id, name, kind) VALUES (7, 'alice', 'user');`,
  mysql: `CREATE TABLE sippeers (id integer PRIMARY KEY, name varchar(80) NOT NULL, kind ENUM('user','friend','peer'), empty_ok varchar(80));
CREATE TABLE spare (id integer PRIMARY KEY, name varchar(80));
INSERT INTO sippeers (id, name, kind) VALUES (7, 'alice', 'user');`,
};

const NARROWING: Record<'postgres' | 'mysql', [string, RegExp][]> = {
  postgres: [
    ['ALTER TABLE sippeers ALTER COLUMN id TYPE smallint;', /narrows sippeers\.id from integer to smallint/],
    ['ALTER TABLE sippeers ALTER COLUMN name TYPE varchar(10);', /narrows sippeers\.name from 80 to 10 characters/],
    [
      "CREATE TYPE peer_kind_v2 AS ENUM ('friend', 'peer');\nALTER TABLE sippeers ALTER COLUMN kind TYPE peer_kind_v2 USING kind::text::peer_kind_v2;",
      /narrows sippeers\.kind removing enum label\(s\) 'user'/,
    ],
  ],
  mysql: [
    ['ALTER TABLE sippeers MODIFY id smallint;', /narrows sippeers\.id from integer to smallint/],
    [
      'ALTER TABLE sippeers MODIFY COLUMN name varchar(10) NOT NULL;',
      /narrows sippeers\.name from 80 to 10 characters/,
    ],
    [
      "ALTER TABLE sippeers MODIFY kind ENUM('friend','peer');",
      /narrows sippeers\.kind removing enum label\(s\) 'user'/,
    ],
  ],
};

for (const backend of ['postgres', 'mariadb', 'pglite'] as BackendName[]) {
  const dialect = backend === 'mariadb' ? 'mysql' : 'postgres';
  describe.skipIf(!(await available(backend)))(`SQL-text narrowing on ${backend}`, { timeout: 300_000 }, () => {
    for (const [sql, message] of NARROWING[dialect]) {
      it(`stops: ${sql.split('\n').at(-1)}`, async () => {
        const db = await freshDb(backend, 'loss');
        created.push(db);
        const dir = setDir({ '0001_base.sql': BASE[dialect] });
        expect((await runCli(['upgrade', '--dir', dir, '--url', db.url])).code).toBe(0);
        writeFileSync(join(dir, '0002_narrow.sql'), sql + '\n');
        const stopped = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
        expect(stopped.code, stopped.stderr).toBe(8);
        expect(stopped.stderr).toMatch(message);
        expect(stopped.stderr).toMatch(/--allow-data-loss/);
        // nothing ran
        expect(
          JSON.parse((await runCli(['status', '--json', '--dir', dir, '--url', db.url])).stdout).sets[0].pending,
        ).toEqual(['0002']);
        // after a backup, the admin says so: the server itself still refuses a value that no longer fits
        const forced = await runCli(['upgrade', '--allow-data-loss', '--dir', dir, '--url', db.url]);
        expect([0, 6], forced.stderr).toContain(forced.code);
      });
    }

    it('widening, and narrowing a table without rows, run without the flag', async () => {
      const db = await freshDb(backend, 'loss');
      created.push(db);
      const dir = setDir({ '0001_base.sql': BASE[dialect] });
      expect((await runCli(['upgrade', '--dir', dir, '--url', db.url])).code).toBe(0);
      const widen =
        dialect === 'mysql'
          ? 'ALTER TABLE sippeers MODIFY name varchar(200) NOT NULL;\nALTER TABLE spare MODIFY name varchar(5);'
          : 'ALTER TABLE sippeers ALTER COLUMN name TYPE varchar(200);\nALTER TABLE spare ALTER COLUMN name TYPE varchar(5);';
      writeFileSync(join(dir, '0002_widen.sql'), widen + '\n');
      const r = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
      expect(r.code, r.stderr).toBe(0);
    });
  });
}

describe('a plan that jumps a release series says so before it runs (Asterisk)', { timeout: 300_000 }, async () => {
  const { asteriskPack } = await import('../../src/packs/asterisk/index.js');
  const { orderSet } = await import('../../src/engine/order.js');
  const { firstShipped } = await import('../../src/packs/asterisk/releases.js');
  const config = (asteriskPack.sets() as import('../../src/engine/types.js').ScriptSet[]).find(
    (s) => s.name === 'asterisk/config',
  )!;
  const chain = orderSet(config).versioned.map((m) => m.version);
  const first = firstShipped('config');
  // the last revision that first shipped in Asterisk 13: what a database on 13's last release holds
  const at13 = chain.filter((v) => first[v] === 13).at(-1)!;
  const newest = Math.max(...chain.slice(chain.indexOf(at13) + 1).map((v) => first[v] ?? -1));

  it(`from ${at13} (Asterisk 13) to head (${newest}): a warning naming both series; none from empty`, async () => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'voipdb-jump-')), 'ast.db')}`;
    const to13 = await runCli(['upgrade', `asterisk/config@${at13}`, '--pack', 'asterisk', '--url', url]);
    expect(to13.code, to13.stderr).toBe(0);
    expect(to13.stderr).not.toMatch(/release series/);
    const jump = await runCli(['upgrade', '--pack', 'asterisk', '--url', url]);
    expect(jump.code, jump.stderr).toBe(0);
    expect(jump.stderr).toContain(`asterisk/config: this plan jumps from the Asterisk 13 release series to ${newest}`);
    expect(jump.stderr).toMatch(
      /data loss is possible across release series — take a backup first \(voipdb backup -f <file>\)/,
    );
    expect(jump.stderr).not.toMatch(/asterisk\/(voicemail|cdr|queue_log): this plan jumps/);
  });
});
