// Lock timeouts on ordinary steps: a reader holding a long transaction on a table keeps an ALTER
// of that table waiting, and every writer would queue behind the ALTER. With a DDL lock timeout
// the ALTER gives way and is retried; when the reader outlasts the tries, the step fails cleanly,
// resumable, naming the reader's session; once the reader is gone the rerun applies it once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { collect, ensureBuilt, runCli, spawnCli } from '../helpers/cli.js';
import { historyRows, removeTempDirs, writeSet } from './engine-sets.js';

const BACKENDS: BackendName[] = ['postgres', 'mariadb'];

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTempDirs());

for (const backend of BACKENDS) {
  describe.skipIf(!(await available(backend)))(`${backend}: an ALTER behind a long reader`, () => {
    const dbs: TestDb[] = [];
    afterAll(async () => {
      for (const db of dbs) await db.drop();
    });

    const files = {
      'V1__calls.sql':
        "CREATE TABLE calls (id INTEGER PRIMARY KEY, caller VARCHAR(64));\nINSERT INTO calls (id, caller) VALUES (1, 'alice');\n",
    };
    const withV2 = { ...files, 'V2__calls_callee.sql': 'ALTER TABLE calls ADD COLUMN callee VARCHAR(64);\n' };

    it('gives up after its tries naming the reader, then resumes once the reader is gone', async () => {
      const db = await freshDb(backend, 'vt_ddllock');
      dbs.push(db);
      const first = await runCli(['upgrade', '--dir', writeSet('calls', files), '--url', db.url]);
      expect(first.code, first.stderr).toBe(0);
      const dir = writeSet('calls', withV2);

      const reader = await db.connect();
      await reader.exec(reader.dialect === 'postgres' ? 'BEGIN' : 'START TRANSACTION');
      await reader.query('SELECT COUNT(*) AS n FROM calls');
      try {
        const r = await runCli([
          'upgrade',
          '--dir',
          dir,
          '--url',
          db.url,
          '--ddl-lock-timeout',
          '0.3',
          '--ddl-retries',
          '3',
        ]);
        expect(r.code, r.stderr).toBe(ExitCode.migrationFailed);
        const line = r.stderr.trim().split('\n').at(-1)!;
        expect(line).toMatch(
          /V2__calls_callee\.sql failed at statement 1 of 1: gave up after 3 tries of 300 ms waiting for a table lock held by/,
        );
        // The reader is named: its session, user and since when.
        expect(line).toMatch(
          backend === 'postgres'
            ? /held by pid \d+ \(user postgres, idle in transaction since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/
            : /held by connection \d+ \(user root@[^,]+, idle in transaction since \d{4}-/,
        );
        // PostgreSQL keeps an idle session's last query; MySQL does not.
        if (backend === 'postgres') expect(line).toMatch(/SELECT COUNT\(\*\) AS n FROM calls/);
        expect(line).toMatch(/next: end that session or let it finish .*then run voipdb upgrade/);
      } finally {
        await reader.exec(reader.dialect === 'postgres' ? 'ROLLBACK' : 'ROLLBACK').catch(() => {});
        await reader.close();
      }
      const again = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
      expect(again.code, again.stderr).toBe(0);
      const conn = await db.connect();
      try {
        const rows = (await historyRows(conn)).filter((h) => h.version === '2' && h.state === 'applied');
        expect(rows).toHaveLength(1);
        await conn.query('SELECT callee FROM calls');
      } finally {
        await conn.close();
      }
    }, 120_000);

    it('gives way to writers while the reader runs, and applies once it ends', async () => {
      const db = await freshDb(backend, 'vt_ddllock');
      dbs.push(db);
      expect((await runCli(['upgrade', '--dir', writeSet('calls', files), '--url', db.url])).code).toBe(0);
      const reader = await db.connect();
      await reader.exec(reader.dialect === 'postgres' ? 'BEGIN' : 'START TRANSACTION');
      await reader.query('SELECT COUNT(*) AS n FROM calls');
      try {
        const child = spawnCli([
          'upgrade',
          '--dir',
          writeSet('calls', withV2),
          '--url',
          db.url,
          '-v',
          '--ddl-lock-timeout',
          '0.2',
          '--ddl-retries',
          '20',
        ]);
        child.stdin?.end();
        // The reader ends once the upgrade has given way at least once.
        child.stderr!.on('data', (d: Buffer) => {
          if (/gave way to writers/.test(String(d))) void reader.exec('ROLLBACK').catch(() => {});
        });
        const r = await collect(child, 120_000);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toMatch(/a table lock was busy after 200 ms: gave way to writers, try 2 of 20/);
      } finally {
        await reader.close();
      }
    }, 120_000);
  });
}
