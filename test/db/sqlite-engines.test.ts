// sqlite: URLs work whichever SQLite library is there: better-sqlite3 (native, optional), node's
// own node:sqlite (Node 22.16+) or node-sqlite3-wasm (any Node). Each one available here runs
// Asterisk's sets to head through the voipdb command, and SQLite's own sqlite3 program reads the
// result; a SQLite file written by one library is read by the others.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteEngine } from '../../src/db/drivers/sqlite-engines.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, sideEffectSet, writeSet } from '../e2e/engine-sets.js';

const dir = mkdtempSync(join(tmpdir(), 'voipdb-sqlite-engines-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeTempDirs();
});

async function loads(engine: SqliteEngine): Promise<boolean> {
  const before = process.env.VOIPDB_SQLITE_DRIVER;
  process.env.VOIPDB_SQLITE_DRIVER = engine;
  try {
    (await openSqlite(':memory:')).close();
    return true;
  } catch {
    return false;
  } finally {
    if (before === undefined) delete process.env.VOIPDB_SQLITE_DRIVER;
    else process.env.VOIPDB_SQLITE_DRIVER = before;
  }
}

const nodeMajor = Number(process.versions.node.split('.')[0]);
const engines: SqliteEngine[] = [];
for (const e of ['better-sqlite3', 'node', 'wasm'] as const) {
  if (await loads(e)) engines.push(e);
  else
    console.warn(
      `[voipdb tests] SQLite library "${e}" does not load on node ${process.versions.node}: its tests are skipped`,
    );
}
const sqlite3 = spawnSync('sqlite3', ['-version']).status === 0;

describe('SQLite libraries', () => {
  it('the WebAssembly one loads everywhere, and node:sqlite from Node 24 on', () => {
    expect(engines).toContain('wasm');
    if (nodeMajor >= 24) expect(engines).toContain('node');
  });

  for (const engine of engines) {
    it(`${engine}: init --pack asterisk, then check exits 0 and sqlite3 reads the version tables`, async () => {
      const url = `sqlite:${join(dir, `${engine}.db`)}`;
      const env = { VOIPDB_SQLITE_DRIVER: engine };
      const init = await runCli(['init', '--pack', 'asterisk', '--url', url], { env });
      expect(init.code, init.stderr).toBe(0);
      expect(init.stderr).toBe('');
      const check = await runCli(['check', '--pack', 'asterisk', '--url', url], { env });
      expect(check.code, check.stderr).toBe(0);
      if (sqlite3) {
        const r = spawnSync('sqlite3', [join(dir, `${engine}.db`), 'SELECT version_num FROM alembic_version_config'], {
          encoding: 'utf8',
        });
        expect(r.stdout.trim()).toMatch(/^[0-9a-f]{12}$/);
      }
      // Another library reads what this one wrote.
      const other = engines.find((e) => e !== engine);
      if (other) {
        const again = await runCli(['check', '--pack', 'asterisk', '--url', url], {
          env: { VOIPDB_SQLITE_DRIVER: other },
        });
        expect(again.code, again.stderr).toBe(0);
      }
    }, 120_000);
  }

  // A PBX without a compiler runs on node:sqlite or WebAssembly: one upgrade at a time holds there too.
  for (const engine of engines) {
    it(`${engine}: 6 upgrades at once on one new file apply each migration once, none "database is locked"`, async () => {
      const set = writeSet(`together_${engine}`, sideEffectSet(10));
      const path = join(dir, `together-${engine}.db`);
      const env = { VOIPDB_SQLITE_DRIVER: engine };
      const runs = await Promise.all(
        Array.from({ length: 6 }, () => runCli(['upgrade', '--dir', set, '--url', `sqlite:${path}`], { env })),
      );
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const db = await openSqlite(path, { readonly: true });
      try {
        const rows = db
          .prepare("SELECT version, COUNT(*) AS n FROM voipdb_history WHERE kind = 'versioned' GROUP BY version")
          .all() as { n: number }[];
        expect(rows).toHaveLength(10);
        expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
        expect(Number((db.prepare('SELECT COUNT(*) AS n FROM seed_log').get() as { n: number }).n)).toBe(10);
      } finally {
        db.close();
      }
    }, 180_000);
  }

  it('an unknown VOIPDB_SQLITE_DRIVER is refused in one line naming it', async () => {
    const r = await runCli(['upgrade', '--dir', dir, '--url', `sqlite:${join(dir, 'x.db')}`], {
      env: { VOIPDB_SQLITE_DRIVER: 'sqlite4' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('VOIPDB_SQLITE_DRIVER=sqlite4');
  });
});
