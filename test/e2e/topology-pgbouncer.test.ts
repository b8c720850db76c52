// PgBouncer (Debian's package) in transaction pooling before PostgreSQL: a session advisory lock
// would be held by whichever server connection the pooler lent. voipdb sees the pooler (the port
// it asked is not the server's) and takes its lease lock instead: eight upgrades at once apply
// each migration exactly once and all exit 0.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, parseTarget, topologyOf } from '../../src/index.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { collect, ensureBuilt, runCli, spawnCli } from '../helpers/cli.js';
import { count, historyRows, removeTempDirs, sideEffectSet, writeSet } from './engine-sets.js';
import { programsFor, startPgBouncer, type Bouncer } from './topology/servers.js';

const PROCESSES = 8;
const MIGRATIONS = 20;

describe.skipIf(!programsFor('pgbouncer') || !(await available('postgres')))('PgBouncer in transaction pooling', () => {
  let db: TestDb;
  let bouncer: Bouncer;
  const dir = writeSet('pooled', sideEffectSet(MIGRATIONS));

  beforeAll(async () => {
    ensureBuilt();
    db = await freshDb('postgres', 'vt_bouncer');
    bouncer = await startPgBouncer(db.target.port ?? 5432, db.target.database!);
  }, 120_000);
  afterAll(async () => {
    await bouncer?.stop();
    await db?.drop();
    removeTempDirs();
  });

  it(`${PROCESSES} upgrades through it apply each migration exactly once and all exit 0`, async () => {
    const children = Array.from({ length: PROCESSES }, () =>
      spawnCli(['upgrade', '--dir', dir, '--url', bouncer.url, '--json', '--lock-timeout', '120']),
    );
    const results = await Promise.all(children.map((c) => collect(c, 180_000)));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/^voipdb: /m);
    }
    const conn = await db.connect();
    try {
      const history = await historyRows(conn);
      const versioned = history.filter((h) => h.kind === 'versioned');
      expect(new Set(versioned.map((h) => h.version)).size).toBe(MIGRATIONS);
      expect(versioned).toHaveLength(MIGRATIONS);
      expect(history.filter((h) => h.state === 'failed' || h.state === 'running')).toEqual([]);
      expect(await count(conn, 'SELECT COUNT(*) AS n FROM seed_log')).toBe(MIGRATIONS);
      expect(await count(conn, 'SELECT COUNT(*) AS n FROM voipdb_lock')).toBe(0);
    } finally {
      await conn.close();
    }
  }, 240_000);
  it('is seen as a pooler, by the library and by upgrade -v', async () => {
    const conn = await connect(parseTarget(bouncer.url));
    try {
      const t = await topologyOf(conn);
      expect(t).toMatchObject({ kind: 'pooler', sessionLockHolds: false });
    } finally {
      await conn.close();
    }
    const r = await runCli(['upgrade', '--dir', dir, '--url', bouncer.url, '-v']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/topology: behind a pooler or proxy \(port \d+ answered by a server listening on \d+\)/);
  }, 120_000);

  it('the lease lock: status and the waiter name the holder; a killed holder leaves no stale lock', async () => {
    const slow = writeSet('pooled_slow', {
      'V1__slow.sql': 'CREATE TABLE slow_t (id INTEGER);\nSELECT pg_sleep(10);\n',
    });
    const env = { VOIPDB_LOCK_LEASE: '2' };
    const holder = spawnCli(['upgrade', '--dir', slow, '--url', bouncer.url], { env });
    const done = collect(holder, 120_000);
    const conn = await db.connect();
    try {
      for (let i = 0; i < 400 && !(await conn.query('SELECT 1 FROM voipdb_lock').catch(() => [])).length; i++)
        await new Promise((r) => setTimeout(r, 50));
      const status = await runCli(['status', '--dir', slow, '--url', bouncer.url]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(
        new RegExp(
          `upgrade running: lock held by voipdb pid ${holder.pid} by \\S+ via 127\\.0\\.0\\.1:${bouncer.port} \\(since .* UTC, lease until .* UTC\\)`,
        ),
      );
      const waiter = await runCli(['upgrade', '--dir', slow, '--url', bouncer.url, '--lock-timeout', '1'], { env });
      expect(waiter.code, waiter.stderr).toBe(5);
      expect(waiter.stderr).toMatch(
        new RegExp(`timed out after 1s waiting for the upgrade lock held by voipdb pid ${holder.pid}`),
      );
      // A crash: the holder stops renewing; the lease runs out and the next upgrade takes the lock.
      holder.kill('SIGKILL');
      await done;
      const after = await runCli(['upgrade', '--dir', slow, '--url', bouncer.url, '--lock-timeout', '60'], {
        env,
        timeoutMs: 120_000,
      });
      expect(after.code, after.stderr).toBe(0);
      expect(await count(conn, 'SELECT COUNT(*) AS n FROM voipdb_lock')).toBe(0);
    } finally {
      await conn.close();
    }
  }, 180_000);
});
