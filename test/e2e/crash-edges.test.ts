// Crash-proof at the edges: a CREATE INDEX CONCURRENTLY killed or failed leaves an INVALID index
// that the next run drops and builds again; `convert ser` killed inside the SER 2.0 pack install
// finishes the install on its next run; check/status/diff/doctor read the catalog while other
// sessions build and drop objects; concurrent `init --create-database`; concurrent first opens
// of a SQLite file; lock files whose pid was reused or whose owner died; --lock-timeout on PGlite.

import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import type { Connection } from '../../src/db/connection.js';
import { parseTarget } from '../../src/db/url.js';
import { introspect } from '../../src/schema/introspect/index.js';
import {
  available,
  freshDb,
  PG_ADMIN_URL,
  MYSQL_ADMIN_URL,
  uniqueName,
  type BackendName,
  type TestDb,
} from '../helpers/backends.js';
import { collect, ensureBuilt, runCli, spawnCli, type CliResult } from '../helpers/cli.js';
import { createSer09, fill, generated } from '../convert/support/ser09.js';
import { count, removeTempDirs, sideEffectSet, tempDir, writeSet } from './engine-sets.js';
import { runChild, snapshot } from './support/crash.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pg = await available('postgres');
const mariadb = await available('mariadb');

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTempDirs());

async function invalidIndexes(conn: Connection): Promise<string[]> {
  const rows = await conn.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid`,
  );
  return rows.map((r) => r.name);
}

describe.skipIf(!pg)('postgres: CREATE INDEX CONCURRENTLY stopped or failed', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('killed while the index builds: INVALID left, dropped and built again by the next run, equal to an uninterrupted run', async () => {
    const base = await freshDb('postgres', 'vt_cic');
    const db = await freshDb('postgres', 'vt_cic');
    dbs.push(base, db);
    expect((await runChild(base.url)).code).toBe(0);
    const b = await base.connect();
    const baseline = await snapshot(b);
    await b.close();

    // An old snapshot held open makes the build wait in its last phase, so the kill lands inside it.
    const blocker = await db.connect();
    const watcher = await db.connect();
    await blocker.exec('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1');
    const first = await runChild(db.url, { VOIPDB_FAILPOINTS: 'during-statement=sleep:1500+kill' });
    expect(first.signal, first.out + first.err).toBe('SIGKILL');
    for (
      let i = 0;
      i < 100 &&
      (await count(
        watcher,
        `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND pid <> pg_backend_pid()`,
      )) > 0;
      i++
    )
      await sleep(100);
    expect(await invalidIndexes(watcher)).toEqual(['ix_seen_v']);
    await blocker.exec('COMMIT');
    await blocker.close();

    const next = await runChild(db.url);
    expect(next.code, next.out + next.err).toBe(0);
    expect(await invalidIndexes(watcher)).toEqual([]);
    expect(await snapshot(watcher)).toEqual(baseline);
    await watcher.close();
  }, 120_000);

  it('a unique CIC that fails on a duplicate: exit 6; after the fix, the retry drops the INVALID index and builds it', async () => {
    const db = await freshDb('postgres', 'vt_cic');
    dbs.push(db);
    const dir = writeSet('cicfail', {
      'V1__t.sql': 'CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);\nINSERT INTO t VALUES (1, 7), (2, 7);\n',
      'V2__unique.sql': 'CREATE UNIQUE INDEX CONCURRENTLY ux_t_v ON t (v);\n',
    });
    const first = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
    expect(first.code, first.stderr).toBe(6);
    const conn = await db.connect();
    expect(await invalidIndexes(conn)).toEqual(['ux_t_v']);
    await conn.exec('DELETE FROM t WHERE id = 2');
    const next = await runCli(['upgrade', '--dir', dir, '--url', db.url, '--verbose']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/ux_t_v was left INVALID: dropped and built again/);
    expect(await invalidIndexes(conn)).toEqual([]);
    expect(Object.keys((await introspect(conn)).indexes)).toEqual(['ux_t_v']);
    await conn.close();
  }, 120_000);
});

describe.skipIf(!mariadb)('convert ser killed inside the SER 2.0 pack install (MariaDB destination)', () => {
  const dbs: TestDb[] = [];
  let src: TestDb;
  let baseline: Record<string, string[]>;

  /** Every table of the destination, rows sorted, and its history without times. */
  async function dump(conn: Connection): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const t of Object.keys((await introspect(conn)).tables).sort()) {
      if (t === 'voipdb_history') {
        out[t] = (
          await conn.query('SELECT set_name, version, kind, state, checksum, statements_done FROM voipdb_history')
        )
          .map((r) => JSON.stringify(r))
          .sort();
      } else if (!t.startsWith('voipdb_convert'))
        out[t] = (await conn.query(`SELECT * FROM \`${t}\``)).map((r) => JSON.stringify(r)).sort();
    }
    return out;
  }

  beforeAll(async () => {
    src = await freshDb('mariadb', 'vt_cser');
    dbs.push(src);
    const s = await src.connect();
    await createSer09(s);
    await fill(s, generated(40, 40));
    await s.close();
    const dst = await freshDb('mariadb', 'vt_cser');
    dbs.push(dst);
    const r = await runCli(['convert', 'ser', '-i', src.url, '-o', dst.url, '--on-error', 'skip']);
    expect(r.code, r.stderr).toBe(0);
    const d = await dst.connect();
    baseline = await dump(d);
    await d.close();
    expect(baseline.attr_types?.length).toBeGreaterThan(0);
  }, 300_000);
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  // Inside the tables (a DDL committed, its progress not yet recorded), inside the seed rows, in the second migration.
  for (const fp of ['after-statement@20=kill', 'before-statement@62=kill', 'before-statement@70=kill']) {
    it(`${fp}: the next convert finishes the install, then converts; equal to an uninterrupted run`, async () => {
      const dst = await freshDb('mariadb', 'vt_cser');
      dbs.push(dst);
      const first = await runCli(['convert', 'ser', '-i', src.url, '-o', dst.url, '--on-error', 'skip'], {
        env: { VOIPDB_FAILPOINTS: fp },
      });
      expect(first.signal, first.stderr).toBe('SIGKILL');
      const next = await runCli(['convert', 'ser', '-i', src.url, '-o', dst.url, '--on-error', 'skip']);
      expect(next.code, next.stderr).toBe(0);
      const d = await dst.connect();
      try {
        expect(await dump(d)).toEqual(baseline);
      } finally {
        await d.close();
      }
    }, 300_000);
  }
});

describe.skipIf(!pg)('postgres: check, status, diff and doctor while other sessions build and drop objects', () => {
  let db: TestDb;
  afterAll(async () => {
    await db?.drop();
  });

  it('none of them exits 10 while an upgrade runs and indexes and tables come and go', async () => {
    db = await freshDb('postgres', 'vt_intro');
    const dir = writeSet('intro', {
      'V1__t.sql':
        'CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, w INTEGER);\nINSERT INTO t SELECT g, g, g FROM generate_series(1, 20000) g;\n',
      'V2__cic.sql': 'CREATE INDEX CONCURRENTLY ix_t_v ON t (v);\n',
    });
    expect((await runCli(['upgrade', '--dir', dir, '--url', db.url, '1'])).code).toBe(0);
    const blocker = await db.connect();
    await blocker.exec('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1');
    // The upgrade's index waits, half built, behind the old snapshot.
    const upgrade = spawnCli(['upgrade', '--dir', dir, '--url', db.url]);
    upgrade.stdin?.end();
    const upgraded = collect(upgrade, 120_000);
    let churning = true;
    const churn = (async () => {
      const c = await db.connect();
      for (let i = 0; churning; i++) {
        await c.exec(
          `CREATE TABLE churn_${i} (id INTEGER PRIMARY KEY, x INTEGER CHECK (x > 0)); CREATE INDEX ix_churn_${i} ON churn_${i} (x)`,
        );
        await c.exec(`CREATE VIEW v_churn_${i} AS SELECT * FROM churn_${i}`);
        await c.exec(`DROP TABLE churn_${i} CASCADE`);
      }
      await c.close();
    })();
    const results: CliResult[] = [];
    for (let round = 0; round < 3; round++) {
      for (const args of [['check', '--dir', dir], ['status', '--dir', dir], ['diff', '--dir', dir], ['doctor']]) {
        results.push(await runCli([...args, '--url', db.url]));
      }
    }
    churning = false;
    await churn;
    await blocker.exec('COMMIT');
    await blocker.close();
    const u = await upgraded;
    expect(u.code, u.stderr).toBe(0);
    for (const r of results) expect(r.code, r.stderr).not.toBe(10);
  }, 240_000);
});

for (const backend of ['postgres', 'mariadb'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`${backend}: 8 × init --create-database on a missing database`, () => {
    const name = uniqueName('vt_race');
    const admin = backend === 'postgres' ? PG_ADMIN_URL : MYSQL_ADMIN_URL;
    const url = admin.replace(/\/[^/]*$/, `/${name}`);
    afterAll(async () => {
      const a = await connect(parseTarget(admin));
      await a
        .exec(
          backend === 'postgres'
            ? `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`
            : `DROP DATABASE IF EXISTS \`${name}\``,
        )
        .catch(() => {});
      await a.close();
    });

    it('every one ends 0: a database created by another meanwhile counts as existing', async () => {
      const dir = writeSet('race', { 'V1__t.sql': 'CREATE TABLE t (id INTEGER PRIMARY KEY);\n' });
      const runs = await Promise.all(
        Array.from({ length: 8 }, () => runCli(['init', '--create-database', '--dir', dir, '--url', url])),
      );
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
    }, 180_000);
  });
}

describe('sqlite: upgrade and check opening a new file together', () => {
  it('no run fails with "database is locked" (the WAL switch waits its turn)', async () => {
    const dir = writeSet('first', sideEffectSet(5));
    for (let trial = 0; trial < 3; trial++) {
      const url = `sqlite:${tempDir()}/new.db`;
      const runs = await Promise.all(
        Array.from({ length: 6 }, (_, i) => runCli([i % 2 ? 'check' : 'upgrade', '--dir', dir, '--url', url])),
      );
      // A check that comes before the file exists says so (exit 3) and does not create it.
      for (const [i, r] of runs.entries()) {
        expect(i % 2 ? [0, 1, 3] : [0], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/locked/);
      }
    }
  }, 180_000);
});

describe('lock files: owner by host, pid and start time; taken over by exactly one process', () => {
  it('a lock file naming a live pid with another start time (a reused pid) does not block', async () => {
    const dir = writeSet('reuse', sideEffectSet(3));
    const path = `${tempDir()}/reuse.db`;
    writeFileSync(`${path}.voipdb-lock`, JSON.stringify({ host: hostname(), pid: process.pid, start: '1' }));
    const r = await runCli(['upgrade', '--dir', dir, '--url', `sqlite:${path}`, '--lock-timeout', '5']);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);

  it('a stale lock file met by 6 upgrades at once: each migration applied exactly once', async () => {
    const dir = writeSet('stale', sideEffectSet(8));
    const path = `${tempDir()}/stale.db`;
    writeFileSync(`${path}.voipdb-lock`, JSON.stringify({ host: hostname(), pid: 2 ** 22 + 12345, start: '1' }));
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        runCli(['upgrade', '--dir', dir, '--url', `sqlite:${path}`, '--lock-timeout', '60']),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const conn = await connect(parseTarget(`sqlite:${path}`));
    expect(await count(conn, 'SELECT COUNT(*) AS n FROM seed_log')).toBe(8);
    expect(
      await count(conn, `SELECT COUNT(*) AS n FROM voipdb_history WHERE kind = 'versioned' AND state = 'applied'`),
    ).toBe(8);
    await conn.close();
  }, 120_000);

  it('PGlite honours --lock-timeout while another process has the directory', async () => {
    const dir = tempDir();
    const data = `${dir}/pgl`;
    const first = await runCli(['upgrade', '--dir', writeSet('pgl', sideEffectSet(2)), '--url', `pglite:${data}`]);
    expect(first.code, first.stderr).toBe(0);
    // This test process holds the directory (a live owner, start time and all).
    const { tryLockFile, releaseLockFile } = await import('../../src/db/lock-file.js');
    expect(tryLockFile(`${data}/.voipdb.lock`)).toBe(true);
    try {
      const started = Date.now();
      const r = await runCli(['status', '--url', `pglite:${data}`, '--lock-timeout', '1']);
      expect(r.code, r.stderr).toBe(5);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      releaseLockFile(`${data}/.voipdb.lock`);
    }
  }, 120_000);
});

describe.skipIf(!mariadb)('mariadb: a statement in flight the catalog cannot decide', () => {
  let db: TestDb;
  afterAll(async () => {
    await db?.drop();
  });

  it('stops naming what to look at and the command that continues; --in-flight applied continues', async () => {
    db = await freshDb('mariadb', 'vt_undecided');
    const dir = writeSet('undecided', {
      'V1__t.sql': 'CREATE TABLE t (id INTEGER NOT NULL, v INTEGER);\n',
      'V2__pk.sql': 'ALTER TABLE t ADD PRIMARY KEY (id);\nCREATE TABLE u (id INTEGER PRIMARY KEY);\n',
    });
    const killed = await runCli(['upgrade', '--dir', dir, '--url', db.url], {
      env: { VOIPDB_FAILPOINTS: 'after-statement@2=kill' },
    });
    expect(killed.signal).toBe('SIGKILL');
    const stopped = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
    expect(stopped.code, stopped.stderr).toBe(7);
    expect(stopped.stderr).toMatch(/V2__pk\.sql: statement 1 of 2 was running when the last run stopped/);
    expect(stopped.stderr).toMatch(/voipdb upgrade --in-flight applied .* or voipdb upgrade --in-flight rerun/);
    const next = await runCli(['upgrade', '--dir', dir, '--url', db.url, '--in-flight', 'applied']);
    expect(next.code, next.stderr).toBe(0);
    const conn = await db.connect();
    expect(
      await count(conn, `SELECT COUNT(*) AS n FROM voipdb_history WHERE kind = 'versioned' AND state = 'applied'`),
    ).toBe(2);
    await conn.close();
  }, 120_000);
});

describe.skipIf(!mariadb)('mariadb: what an older voipdb left behind', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('a version record behind the history is moved forward at the start of the next run, and said so', async () => {
    const db = await freshDb('mariadb', 'vt_behind');
    dbs.push(db);
    expect((await runChild(db.url)).code).toBe(0);
    const conn = await db.connect();
    await conn.exec(`UPDATE alembic_version_crashset SET version_num = 'b2'`);
    const next = await runChild(db.url);
    expect(next.code, next.out + next.err).toBe(0);
    expect(next.err).toMatch(
      /crashset: alembic_version_crashset was at b2, behind voipdb's history at d4 — moved forward to it/,
    );
    expect(await conn.query('SELECT version_num FROM alembic_version_crashset')).toEqual([{ version_num: 'd4' }]);
    await conn.close();
  }, 120_000);

  it('a statement recorded as failed with "already exists" (the rerun of a killed run) is seen to have taken effect', async () => {
    const db = await freshDb('mariadb', 'vt_stuck');
    dbs.push(db);
    const dir = writeSet('stuck', {
      'V1__a.sql': 'CREATE TABLE a (id INTEGER PRIMARY KEY);\n',
      'V2__bc.sql': 'CREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n',
    });
    const killed = await runCli(['upgrade', '--dir', dir, '--url', db.url], {
      env: { VOIPDB_FAILPOINTS: 'after-statement@2=kill' },
    });
    expect(killed.signal).toBe('SIGKILL');
    const conn = await db.connect();
    // What an older voipdb's rerun recorded: statement 1 failed, the table being there already.
    await conn.exec(
      `UPDATE voipdb_history SET state = 'failed', error = 'Table ''b'' already exists' WHERE version = '2'`,
    );
    const next = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
    expect(next.code, next.stderr).toBe(0);
    expect(
      await count(conn, `SELECT COUNT(*) AS n FROM voipdb_history WHERE kind = 'versioned' AND state = 'applied'`),
    ).toBe(2);
    expect(
      await count(
        conn,
        `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'c'`,
      ),
    ).toBe(1);
    await conn.close();
  }, 120_000);
});
