// Ctrl-C and SIGTERM during `voipdb upgrade`: the statement in flight finishes, its progress is
// recorded, the locks (and lock files) are released, one line says where the run stopped, and the
// exit code is 130 (SIGINT) or 143 (SIGTERM); the next upgrade finishes the job. A second signal
// aborts at once. Signals are sent by the test (real ones), at a moment a failpoint or the
// server's activity pins down.

import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { collect, ensureBuilt, runCli, spawnCli } from '../helpers/cli.js';
import { count, removeTempDirs, writeSet } from './engine-sets.js';

/** Statement boundaries on every back-end: MySQL DDL, and on PostgreSQL a migration with CREATE INDEX CONCURRENTLY. */
function setFor(backend: BackendName): string {
  const cic = backend === 'postgres' || backend === 'pglite' ? 'CONCURRENTLY ' : '';
  return writeSet('stopped', {
    'V1__base.sql':
      'CREATE TABLE base_t (id INTEGER PRIMARY KEY, v INTEGER);\nINSERT INTO base_t (id, v) VALUES (1, 1);\n',
    'V2__indexes.sql': `CREATE TABLE ix_t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
CREATE INDEX ${cic}ix_t_a ON ix_t (a);
CREATE INDEX ${cic}ix_t_b ON ix_t (b);
`,
    'V3__after.sql': 'CREATE TABLE after_t (id INTEGER PRIMARY KEY);\n',
  });
}

async function history(conn: Connection): Promise<string[]> {
  const rows = await conn.query<{ version: string; state: string }>(
    `SELECT version, state FROM voipdb_history WHERE kind = 'versioned' ORDER BY id`,
  );
  return rows.map((r) => `${r.version}:${r.state}`);
}

function lockFiles(db: TestDb): string[] {
  const path = db.target.path!;
  const dir = db.backend === 'pglite' ? path : dirname(path);
  return readdirSync(dir).filter((f) => f.includes('voipdb-lock') || f === '.voipdb.lock');
}

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTempDirs());

const BACKENDS: BackendName[] = ['mariadb', 'postgres', 'sqlite', 'pglite'];

for (const backend of BACKENDS) {
  describe.skipIf(!(await available(backend)))(`${backend}: SIGINT / SIGTERM during an upgrade`, () => {
    const dbs: TestDb[] = [];
    afterAll(async () => {
      for (const db of dbs) await db.drop();
    });

    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      it(`${sig}: stops after the statement in flight, says where, exits ${sig === 'SIGINT' ? 130 : 143}; the next run finishes`, async () => {
        const db = await freshDb(backend, 'vt_int');
        dbs.push(db);
        const dir = setFor(backend);
        // The signal arrives while V2's second statement runs (a failpoint sends it to the process itself).
        const point =
          backend === 'sqlite'
            ? 'before-statement@2'
            : backend === 'mariadb'
              ? 'before-statement@4'
              : 'before-statement@3';
        const first = await runCli(['upgrade', '--dir', dir, '--url', db.url], {
          env: { VOIPDB_FAILPOINTS: `${point}=${sig.toLowerCase()}` },
        });
        expect(first.code, first.stderr).toBe(sig === 'SIGINT' ? 130 : 143);
        const lines = first.stderr.split('\n').filter((l) => l.includes('interrupted after'));
        expect(lines, first.stderr).toHaveLength(1);
        if (backend === 'sqlite')
          expect(lines[0]).toMatch(
            /interrupted after V2__indexes\.sql \(step 2 of 3\); run voipdb upgrade to continue/,
          );
        else
          expect(lines[0]).toMatch(
            /interrupted after statement 2 of 3 of V2__indexes\.sql; run voipdb upgrade to continue/,
          );
        if (db.target.path) expect(lockFiles(db)).toEqual([]);

        const conn = await db.connect();
        try {
          expect(await history(conn)).toEqual(
            backend === 'sqlite' ? ['1:applied', '2:applied'] : ['1:applied', '2:running'],
          );
        } finally {
          await conn.close();
        }
        const next = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
        expect(next.code, next.stderr).toBe(0);
        const after = await db.connect();
        try {
          expect(await history(after)).toEqual(['1:applied', '2:applied', '3:applied']);
          expect(await count(after, 'SELECT COUNT(*) AS n FROM base_t')).toBe(1);
        } finally {
          await after.close();
        }
      }, 120_000);
    }
  });
}

describe.skipIf(!(await available('postgres')))('postgres: Ctrl-C from outside, once and twice', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });
  const slowSet = () =>
    writeSet('slow', {
      'V1__base.sql': 'CREATE TABLE base_t (id INTEGER PRIMARY KEY);\n',
      'V2__slow.sql':
        'CREATE TABLE slow_t (id INTEGER PRIMARY KEY);\nSELECT pg_sleep(amount) FROM pause;\nCREATE INDEX CONCURRENTLY ix_slow ON slow_t (id);\n',
    });

  async function startSlow(amount: number) {
    const db = await freshDb('postgres', 'vt_int2');
    dbs.push(db);
    const conn = await db.connect();
    await conn.exec(`CREATE TABLE pause (amount FLOAT); INSERT INTO pause VALUES (${amount})`);
    const dir = slowSet();
    const child = spawnCli(['upgrade', '--dir', dir, '--url', db.url]);
    child.stdin?.end();
    const done = collect(child, 120_000);
    for (let i = 0; i < 600; i++) {
      const n = await count(
        conn,
        `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = 'voipdb' AND query LIKE '%pg_sleep%' AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      if (n === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return { db, conn, dir, child, done };
  }

  it('one SIGINT: the sleeping statement finishes, then the run stops there', async () => {
    const { db, conn, dir, child, done } = await startSlow(2);
    const sentAt = Date.now();
    child.kill('SIGINT');
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    expect(Date.now() - sentAt).toBeGreaterThan(1000); // it waited for the statement
    expect(r.stderr).toMatch(/interrupted after statement 2 of 3 of V2__slow\.sql; run voipdb upgrade to continue/);
    expect(await history(conn)).toEqual(['1:applied', '2:running']);
    await conn.exec('UPDATE pause SET amount = 0');
    await conn.close();
    const next = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
    expect(next.code, next.stderr).toBe(0);
  }, 120_000);

  it('a second SIGINT aborts at once; the next run still finishes', async () => {
    const { db, conn, dir, child, done } = await startSlow(3600);
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    const sentAt = Date.now();
    child.kill('SIGINT');
    const r = await done;
    expect(Date.now() - sentAt).toBeLessThan(5000);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/aborted at once/);
    await conn.exec('UPDATE pause SET amount = 0');
    // The server ends the dead client's statement on its own (client_connection_check_interval).
    for (let i = 0; i < 200; i++) {
      const n = await count(
        conn,
        `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = 'voipdb' AND pid <> pg_backend_pid() AND datname = current_database()`,
      );
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await conn.close();
    const next = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
    expect(next.code, next.stderr).toBe(0);
    const after = await db.connect();
    expect(await history(after)).toEqual(['1:applied', '2:applied']);
    await after.close();
    expect(existsSync(dir)).toBe(true);
  }, 120_000);
});
