// Promise 2, nothing half-applied: a `voipdb upgrade` killed with SIGKILL in the middle of a
// migration leaves none of that migration behind, holds no stale lock, and the next upgrade
// finishes the job.
//
// The long statement reads its length from a `pause` table the test owns, so the killed run
// sleeps "forever" and the next run, after the test shortens the pause, goes straight through.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { Connection } from '../../src/db/connection.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { collect, ensureBuilt, runCli, spawnCli, type CliResult } from '../helpers/cli.js';
import { count, historyRows, removeTempDirs, tableExists, writeSet } from './engine-sets.js';

interface Case {
  backend: BackendName;
  /** The long statement of V2, its length read from pause.amount. */
  longStatement: string;
  /** pause.amount for the killed run (endless) and the next run (instant). */
  forever: number;
  instant: number;
}

const CASES: Case[] = [
  { backend: 'postgres', longStatement: 'SELECT pg_sleep(amount) FROM pause', forever: 3600, instant: 0 },
  {
    backend: 'sqlite',
    // A heavy INSERT ... SELECT over a recursive CTE: billions of rows when killed, a thousand after.
    longStatement:
      'INSERT INTO big (n) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < (SELECT amount FROM pause)) SELECT x FROM c',
    forever: 1e12,
    instant: 1000,
  },
  {
    // PGlite runs in the voipdb process: kill it while it is writing, not sleeping.
    backend: 'pglite',
    longStatement: 'INSERT INTO big (n) SELECT g FROM pause, generate_series(1, CAST(amount AS BIGINT)) g',
    forever: 1e12,
    instant: 1000,
  },
];

function setFor(c: Case): string {
  return writeSet('killed', {
    'V1__first.sql': `CREATE TABLE first_done (id INTEGER PRIMARY KEY);\nINSERT INTO first_done (id) VALUES (1);\n`,
    'V2__long.sql': `CREATE TABLE half (id INTEGER PRIMARY KEY);
INSERT INTO half (id) VALUES (1);
CREATE TABLE big (n BIGINT);
${c.longStatement};
INSERT INTO half (id) VALUES (2);
`,
    'V3__after.sql': `CREATE TABLE after_long (id INTEGER PRIMARY KEY);\n`,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** stderr of a child so far (verbose mode prints "→ <set> <version>" as each migration starts). */
function watchStderr(child: ChildProcess): () => string {
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return () => err;
}

/**
 * After the kill: nothing of V2 committed and no V2 history row. V1 is whole: applied with its
 * history row, or (where the engine commits several migrations in one transaction) absent with it.
 */
async function expectNothingOfV2(conn: Connection, v1Committed: boolean): Promise<void> {
  expect(await tableExists(conn, 'half')).toBe(false);
  expect(await tableExists(conn, 'big')).toBe(false);
  const history = (await tableExists(conn, 'voipdb_history')) ? await historyRows(conn) : [];
  const v1 = await tableExists(conn, 'first_done');
  expect(history.filter((h) => h.kind === 'versioned').map((h) => `${h.version}:${h.state}`)).toEqual(
    v1 ? ['1:applied'] : [],
  );
  if (v1) expect(await count(conn, 'SELECT COUNT(*) AS n FROM first_done')).toBe(1);
  if (v1Committed) expect(v1).toBe(true);
}

async function expectFinished(conn: Connection, c: Case, next: CliResult): Promise<void> {
  expect(next.code, next.stderr).toBe(0);
  const history = await historyRows(conn);
  expect(history.filter((h) => h.kind === 'versioned').map((h) => `${h.version}:${h.state}`)).toEqual([
    '1:applied',
    '2:applied',
    '3:applied',
  ]);
  expect(await count(conn, 'SELECT COUNT(*) AS n FROM half')).toBe(2);
  expect(await count(conn, 'SELECT COUNT(*) AS n FROM big')).toBe(c.backend === 'postgres' ? 0 : c.instant);
  expect(await tableExists(conn, 'after_long')).toBe(true);
}

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTempDirs());

for (const c of CASES) {
  describe.skipIf(!(await available(c.backend)))(`${c.backend}: SIGKILL in the middle of a migration`, () => {
    let db: TestDb;
    const dir = setFor(c);

    beforeAll(async () => {
      db = await freshDb(c.backend, 'vt_kill');
      const conn = await db.connect();
      await conn.exec(`CREATE TABLE pause (amount ${c.backend === 'sqlite' ? 'INTEGER' : 'FLOAT'})`);
      await conn.execute('INSERT INTO pause (amount) VALUES (?)', [c.forever]);
      await conn.close();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('leaves no half-applied migration, and the next upgrade finishes the job', async () => {
      const child = spawnCli(['upgrade', '--dir', dir, '--url', db.url, '--verbose']);
      child.stdin?.end();
      const stderr = watchStderr(child);
      const exited = collect(child, 600_000);

      if (c.backend === 'pglite') {
        // One process per PGlite directory: watch the killed run's own progress lines instead.
        await until('V2 to start', async () => /→ killed 2\b/.test(stderr()));
        await sleep(1500);
      } else {
        const watcher = await db.connect();
        try {
          if (c.backend === 'postgres') {
            // V2 is inside its long statement on the server (V1 may share its transaction).
            await until(
              'V2 to sleep',
              async () =>
                (await count(
                  watcher,
                  `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND application_name = 'voipdb' AND query LIKE '%pg_sleep%' AND state = 'active'`,
                )) === 1,
            );
          } else {
            await until(
              'V1 to be applied',
              async () =>
                (await tableExists(watcher, 'voipdb_history')) &&
                (await count(
                  watcher,
                  `SELECT COUNT(*) AS n FROM voipdb_history WHERE version = '1' AND state = 'applied'`,
                )) === 1,
            );
            await until('V2 to start', async () => /→ killed 2\b/.test(stderr()));
            await sleep(500);
            // V2 holds SQLite's write lock: its transaction is open.
            await expect(watcher.exec('BEGIN IMMEDIATE')).rejects.toThrow(/locked|busy/i);
          }
        } finally {
          await watcher.close();
        }
      }
      child.kill('SIGKILL');
      const killed = await exited;
      expect(killed.signal).toBe('SIGKILL');

      if (c.backend === 'postgres') {
        // No stale lock: the server drops the dead client's session (and its transaction and
        // advisory lock) on its own, long before the hour-long sleep would end.
        const watcher = await db.connect();
        try {
          await until(
            'the killed session to end',
            async () =>
              (await count(
                watcher,
                `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND application_name = 'voipdb'`,
              )) === 0,
            30_000,
          );
        } finally {
          await watcher.close();
        }
      }

      const conn = await db.connect();
      try {
        await expectNothingOfV2(conn, c.backend === 'sqlite');
        await conn.execute('UPDATE pause SET amount = ?', [c.instant]);
      } finally {
        await conn.close();
      }

      const next = await runCli(['upgrade', '--dir', dir, '--url', db.url, '--lock-timeout', '30'], {
        timeoutMs: 120_000,
      });
      const after = await db.connect();
      try {
        await expectFinished(after, c, next);
        if (c.backend === 'sqlite')
          expect(await after.query<{ integrity_check: string }>('PRAGMA integrity_check')).toEqual([
            { integrity_check: 'ok' },
          ]);
        // PGlite: the directory the killed process was writing opens, reads and writes again.
        if (c.backend === 'pglite') expect(await count(after, 'SELECT COUNT(*) AS n FROM first_done')).toBe(1);
      } finally {
        await after.close();
      }
    });
  });
}
