// Drift for every kind of set (issue 22 defect 9), through bin/voipdb.js: `diff` on a database
// voipdb just made is exit 0 for a pack and for a directory of SQL files (whose schema is recorded
// after each upgrade in voipdb_schema); a table or column changed by hand afterwards is reported by
// `diff` and by `check`; a downgrade records the schema it leaves. On every back-end here.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { ALL_BACKENDS, available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'voipdb-drift-'));
const dbs: TestDb[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop().catch(() => {});
});

/** A directory set of SQL files with an undo step, an index and (optionally) a repeatable view. */
function sqlSet(backend: BackendName, view: boolean): string {
  const dir = join(mkdtempSync(join(root, 'set-')), 'shop');
  mkdirSync(dir);
  const dropIndex = backend === 'mariadb' ? 'DROP INDEX items_name ON items' : 'DROP INDEX items_name';
  writeFileSync(join(dir, 'V1__items.sql'), 'CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL);');
  writeFileSync(
    join(dir, 'V2__price.sql'),
    'ALTER TABLE items ADD COLUMN price INT;\nCREATE INDEX items_name ON items (name);',
  );
  writeFileSync(join(dir, 'U2__price.sql'), `${dropIndex};\nALTER TABLE items DROP COLUMN price;`);
  if (view)
    writeFileSync(join(dir, 'R__cheap.sql'), 'CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 10;');
  return dir;
}

const backends: BackendName[] = [];
for (const b of ALL_BACKENDS) if (await available(b)) backends.push(b);

describe.each(backends)('issue 22 defect 9 on %s', (backend) => {
  it('a plain-SQL set and a pack side by side: diff 0 after init; a table added by hand is reported', async () => {
    const db = await freshDb(backend, 'drift');
    dbs.push(db);
    const dir = sqlSet(backend, true);
    const on = ['--url', db.url];
    const sets = ['--dir', dir, '--pack', 'asterisk', '-s', 'cdr', '-s', 'shop'];
    const init = await runCli(['init', ...sets, ...on]);
    expect(init.code, init.stderr).toBe(0);
    const clean = await runCli(['diff', ...sets, ...on]);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toContain('no differences');
    expect(clean.stdout).not.toMatch(/show as extra/);

    const conn = await db.connect();
    try {
      await conn.exec('CREATE TABLE handmade (id INT)');
      await conn.exec('ALTER TABLE items ADD COLUMN colour VARCHAR(10)');
    } finally {
      await conn.close();
    }
    const drift = await runCli(['diff', ...sets, ...on]);
    expect(drift.code, drift.stdout + drift.stderr).toBe(ExitCode.notUpToDate);
    expect(drift.stdout).toContain('table handmade');
    expect(drift.stdout).toMatch(/column items\.colour/);
    expect(drift.stdout).toContain('2 difference(s)');
    const check = await runCli(['check', ...sets, ...on]);
    expect(check.code, check.stdout + check.stderr).toBe(ExitCode.notUpToDate);
    expect(check.stdout).toMatch(/drift shop: .*handmade/);
    expect(check.stdout).toMatch(/drift shop: .*items\.colour/);
  }, 240_000);

  it('a downgrade of the SQL set records what it leaves: diff stays 0', async () => {
    const db = await freshDb(backend, 'drift');
    dbs.push(db);
    const dir = sqlSet(backend, false);
    const on = ['--dir', dir, '--url', db.url];
    expect((await runCli(['upgrade', ...on])).code).toBe(0);
    const down = await runCli(['downgrade', '1', ...on]);
    expect(down.code, down.stderr).toBe(0);
    const diff = await runCli(['diff', ...on]);
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
  }, 240_000);
});

// Every pack voipdb ships, made by `init` on each back-end it is built for: `diff` finds nothing.
const PACKS: Record<string, BackendName[]> = {
  asterisk: ['sqlite', 'postgres', 'mariadb'],
  kamailio: ['sqlite', 'postgres', 'mariadb'],
  freeswitch: ['sqlite', 'postgres', 'mariadb'],
  ominis: ['sqlite', 'postgres', 'mariadb'],
  'ser-2.0': ['sqlite', 'postgres', 'mariadb'],
  'ser-0.9': ['mariadb'],
  xivo: ['postgres'],
};

describe('issue 22 defect 9: diff on a database voipdb just made is 0 for every pack', () => {
  for (const [pack, on] of Object.entries(PACKS)) {
    for (const backend of on.filter((b) => backends.includes(b))) {
      it(`${pack} on ${backend}`, async () => {
        const db = await freshDb(backend, 'drp');
        dbs.push(db);
        const init = await runCli(['init', '--pack', pack, '--url', db.url]);
        expect(init.code, init.stderr).toBe(0);
        const diff = await runCli(['diff', '--pack', pack, '--url', db.url]);
        expect(diff.code, diff.stdout + diff.stderr).toBe(0);
        expect(diff.stdout).toContain('no differences');
      }, 240_000);
    }
  }
});
