import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { aimAtSample, estimate, fit, pendingSteps, tablesTouched } from '../../src/ops/estimate.js';
import { upgrade } from '../../src/engine/index.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { createXivoLike, insertRows, seedConfig, snapshotTables, tableText } from '../xivo/schema.js';

describe('reading and re-aiming statements', () => {
  it('finds the table a statement rewrites or scans', () => {
    expect(tablesTouched('ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY')).toEqual(['queue_log']);
    expect(tablesTouched('ALTER TABLE ONLY public."queue_log" ADD COLUMN x int')).toEqual(['queue_log']);
    expect(tablesTouched('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ql_idx ON ONLY queue_log (time)')).toEqual(['queue_log']);
    expect(tablesTouched('CREATE INDEX ON `cdr` (calldate)')).toEqual(['cdr']);
    expect(tablesTouched("UPDATE userfeatures SET enableclient = 0")).toEqual(['userfeatures']);
    expect(tablesTouched("DELETE FROM queue_log WHERE time < '2014-03-01'")).toEqual(['queue_log']);
    expect(tablesTouched("INSERT INTO stat_queue (name) SELECT DISTINCT queuename FROM queue_log")).toEqual(['stat_queue']);
    expect(tablesTouched("INSERT INTO stat_queue (name) VALUES ('x')")).toEqual([]);
    expect(tablesTouched("SELECT setval('x', 1)")).toEqual([]);
  });

  it('aims a statement at the sample copy without touching other names', () => {
    expect(aimAtSample('ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY', 'queue_log', 'voipdb_est_queue_log')).toBe('ALTER TABLE voipdb_est_queue_log ADD COLUMN id SERIAL PRIMARY KEY');
    expect(aimAtSample('ALTER TABLE public."queue_log" ADD CONSTRAINT queue_log_pkey PRIMARY KEY (id)', 'queue_log', 's')).toBe('ALTER TABLE "s" ADD CONSTRAINT voipdb_est_queue_log_pkey PRIMARY KEY (id)');
    expect(aimAtSample('CREATE INDEX CONCURRENTLY queue_log__idx_time ON queue_log (time)', 'queue_log', 's')).toBe('CREATE INDEX voipdb_est_queue_log__idx_time ON s (time)');
  });

  it('fits a fixed and a per-row cost', () => {
    expect(fit([{ rows: 1000, ms: 30 }, { rows: 4000, ms: 90 }])).toEqual({ fixedMs: 10, perRowMs: 0.02 });
    // noise giving a negative slope falls back to the largest sample through the origin
    expect(fit([{ rows: 1000, ms: 50 }, { rows: 4000, ms: 40 }])).toEqual({ fixedMs: 0, perRowMs: 0.01 });
  });
});

const addPk: Record<string, string> = {
  postgres: 'ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY',
  mariadb: 'ALTER TABLE queue_log ADD COLUMN id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY',
  sqlite: 'CREATE INDEX queue_log__idx_time ON queue_log (time)',
};

for (const backend of ['postgres', 'mariadb', 'sqlite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`estimate on ${backend}`, () => {
    let db: TestDb;
    let conn: Connection;
    beforeAll(async () => {
      db = await freshDb(backend, 'vt_est');
      conn = await db.connect();
      await createXivoLike(conn);
      await seedConfig(conn, 'x', 50);
      const rows = Array.from({ length: 40_000 }, (_, i) => [`2014-0${1 + (i % 6)}-1${i % 9} 10:00:${String(i % 60).padStart(2, '0')}`, `c.${i}`, 'q1', `Agent/${i % 30}`, 'ENTERQUEUE']);
      await insertRows(conn, 'queue_log', ['time', 'callid', 'queuename', 'agent', 'event'], rows);
      if (backend === 'postgres') await conn.exec('ANALYZE queue_log');
    });
    afterAll(async () => {
      await conn?.close();
      await db?.drop();
    });

    it('measures steps on big tables on samples, and leaves the tables as they were', async () => {
      const before = await snapshotTables(conn, ['queue_log', 'userfeatures']);
      const est = await estimate(
        conn,
        [
          { set: 'cc', version: '1', statements: [addPk[backend]!] },
          { set: 'cc', version: '2', statements: ["UPDATE userfeatures SET enableclient = 0"] },
          { set: 'cc', version: '3', statements: ["SELECT 1"] },
        ],
        { minRows: 10_000, sampleRows: 12_000, online: backend === 'postgres' },
      );
      const [big, small, none] = est.steps;
      expect(big!.method).toBe('measured');
      expect(big!.table).toBe('queue_log');
      expect(big!.rows).toBe(40_000);
      expect(big!.samples.map((s) => s.rows)).toEqual([3000, 12_000]);
      expect(big!.seconds).toBeGreaterThan(0);
      expect(big!.secondsPerMillionRows).toBeGreaterThan(0);
      if (backend === 'postgres') expect(big!.onlineSeconds).toBeGreaterThan(0);
      expect(small!.method).toBe('small');
      expect(small!.table).toBe('userfeatures');
      expect(none!.method).toBe('no-table');
      expect(est.totalSeconds).toBe(big!.seconds);
      // nothing changed, nothing left behind
      expect(await snapshotTables(conn, ['queue_log', 'userfeatures'])).toEqual(before);
      const left =
        backend === 'postgres'
          ? await conn.query("SELECT relname FROM pg_class WHERE relname LIKE 'voipdb_est%' OR (relname LIKE 'queue_log%' AND relkind IN ('i', 'S'))")
          : backend === 'mariadb'
            ? await conn.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'voipdb_est%'")
            : await conn.query("SELECT name FROM sqlite_master WHERE name LIKE 'voipdb_est%' OR name = 'queue_log__idx_time'");
      expect(left).toEqual([]);
      expect(await tableText(conn, 'queue_log')).toBe(before.queue_log);
    });

    if (backend === 'postgres') {
      it('reads the pending steps from the plan', async () => {
        const set: ScriptSet = {
          name: 'cc',
          migrations: [
            { version: '1', description: 'first', kind: 'versioned', script: 'V1__first.sql', up: { sql: 'CREATE TABLE cc_marker (id INTEGER);' } },
            { version: '2', description: 'queue_log id', kind: 'versioned', script: 'V2__queue_log_id.sql', up: { sql: addPk.postgres + ';' } },
          ],
        };
        await upgrade(conn, [set], '1');
        const steps = await pendingSteps(conn, [set]);
        expect(steps).toEqual([{ set: 'cc', version: '2', description: 'queue_log id', statements: [addPk.postgres] }]);
        const est = await estimate(conn, steps, { minRows: 10_000, sampleRows: 8000 });
        expect(est.steps[0]!.method).toBe('measured');
      });
    }
  });
}
