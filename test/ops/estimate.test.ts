import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { aimAtSample, estimate, pendingSteps, tablesTouched } from '../../src/ops/estimate.js';
import { predict } from '../../src/ops/estimate-rate.js';
import { upgrade } from '../../src/engine/index.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { createXivoLike, insertRows, seedConfig, snapshotTables, tableText } from '../xivo/schema.js';

describe('reading and re-aiming statements', () => {
  it('finds the table a statement rewrites or scans', () => {
    expect(tablesTouched('ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY')).toEqual(['queue_log']);
    expect(tablesTouched('ALTER TABLE ONLY public."queue_log" ADD COLUMN x int')).toEqual(['queue_log']);
    expect(tablesTouched('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ql_idx ON ONLY queue_log (time)')).toEqual([
      'queue_log',
    ]);
    expect(tablesTouched('CREATE INDEX ON `cdr` (calldate)')).toEqual(['cdr']);
    expect(tablesTouched('UPDATE userfeatures SET enableclient = 0')).toEqual(['userfeatures']);
    expect(tablesTouched("DELETE FROM queue_log WHERE time < '2014-03-01'")).toEqual(['queue_log']);
    expect(tablesTouched('INSERT INTO stat_queue (name) SELECT DISTINCT queuename FROM queue_log')).toEqual([
      'stat_queue',
    ]);
    expect(tablesTouched("INSERT INTO stat_queue (name) VALUES ('x')")).toEqual([]);
    expect(tablesTouched("SELECT setval('x', 1)")).toEqual([]);
  });

  it('aims a statement at the sample copy without touching other names', () => {
    expect(
      aimAtSample('ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY', 'queue_log', 'voipdb_est_queue_log'),
    ).toBe('ALTER TABLE voipdb_est_queue_log ADD COLUMN id SERIAL PRIMARY KEY');
    expect(
      aimAtSample('ALTER TABLE public."queue_log" ADD CONSTRAINT queue_log_pkey PRIMARY KEY (id)', 'queue_log', 's'),
    ).toBe('ALTER TABLE "s" ADD CONSTRAINT voipdb_est_queue_log_pkey PRIMARY KEY (id)');
    expect(aimAtSample('CREATE INDEX CONCURRENTLY queue_log__idx_time ON queue_log (time)', 'queue_log', 's')).toBe(
      'CREATE INDEX voipdb_est_queue_log__idx_time ON s (time)',
    );
  });

  it('predicts from the fixed cost and the median per-row rate, with the range and spread of the rates', () => {
    const p = predict(
      [
        { rows: 0, ms: 12 },
        { rows: 0, ms: 10 },
        { rows: 0, ms: 500 }, // a stall while timing the empty copy: the median ignores it
        { rows: 1000, ms: 32 }, // (32 - 12) / 1000 = 0.02 ms/row
        { rows: 2000, ms: 92 }, // 0.04
        { rows: 4000, ms: 132 }, // 0.03
      ],
      1_000_000,
    );
    expect(p.fixedMs).toBe(12);
    expect(p.seconds).toBeCloseTo((12 + 0.03 * 1e6) / 1000, 6);
    expect(p.low).toBeCloseTo((12 + 0.02 * 1e6) / 1000, 6);
    expect(p.high).toBeCloseTo((12 + 0.04 * 1e6) / 1000, 6);
    expect(p.secondsPerMillionRows).toBeCloseTo(30, 6);
    expect(p.spread).toBeCloseTo(0.01 / 0.03, 6);
    // a timing below the fixed cost is a rate of zero, never negative
    expect(
      predict(
        [
          { rows: 0, ms: 50 },
          { rows: 100, ms: 40 },
        ],
        1000,
      ),
    ).toMatchObject({ seconds: 0.05, low: 0.05, high: 0.05, spread: 0 });
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
      const rows = Array.from({ length: 40_000 }, (_, i) => [
        `2014-0${1 + (i % 6)}-1${i % 9} 10:00:${String(i % 60).padStart(2, '0')}`,
        `c.${i}`,
        'q1',
        `Agent/${i % 30}`,
        'ENTERQUEUE',
      ]);
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
          { set: 'cc', version: '2', statements: ['UPDATE userfeatures SET enableclient = 0'] },
          { set: 'cc', version: '3', statements: ['SELECT 1'] },
        ],
        { minRows: 10_000, sampleRows: 12_000, online: backend === 'postgres' },
      );
      const [big, small, none] = est.steps;
      expect(big!.method).toBe('measured');
      expect(big!.table).toBe('queue_log');
      expect(big!.rows).toBe(40_000);
      // three empty copies, then half and all of the largest sample, timed three times where DDL rolls back
      const runs = backend === 'mariadb' ? 1 : 3;
      expect(big!.plain!.samples.map((s) => s.rows)).toEqual([
        0,
        0,
        0,
        ...[6000, 12_000].flatMap((n) => Array(runs).fill(n)),
      ]);
      expect(big!.seconds).toBe(big!.plain!.seconds);
      expect(big!.plain!.low).toBeLessThanOrEqual(big!.seconds);
      expect(big!.plain!.high).toBeGreaterThanOrEqual(big!.seconds);
      // a busy server can hide 12 000 rows' cost inside the empty copy's noise: the rate may be 0, never less,
      // and the prediction is the fixed cost plus that rate over the table's rows
      const plain = big!.plain!;
      expect(plain.secondsPerMillionRows).toBeGreaterThanOrEqual(0);
      expect(plain.fixedMs).toBeGreaterThan(0);
      expect(big!.seconds).toBeCloseTo(plain.fixedMs / 1000 + (plain.secondsPerMillionRows * 40_000) / 1e6, 9);
      if (backend === 'postgres') expect(big!.online!.samples.map((s) => s.rows)).toEqual([0, 0, 0, 6000, 12_000]);
      else expect(big!.online).toBeUndefined();
      expect(small!.method).toBe('small');
      expect(small!.table).toBe('userfeatures');
      expect(none!.method).toBe('no-table');
      expect(est.totalSeconds).toBe(big!.seconds);
      // nothing changed, nothing left behind
      expect(await snapshotTables(conn, ['queue_log', 'userfeatures'])).toEqual(before);
      const left =
        backend === 'postgres'
          ? await conn.query(
              "SELECT relname FROM pg_class WHERE relname LIKE 'voipdb_est%' OR (relname LIKE 'queue_log%' AND relkind IN ('i', 'S'))",
            )
          : backend === 'mariadb'
            ? await conn.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'voipdb_est%'",
              )
            : await conn.query(
                "SELECT name FROM sqlite_master WHERE name LIKE 'voipdb_est%' OR name = 'queue_log__idx_time'",
              );
      expect(left).toEqual([]);
      expect(await tableText(conn, 'queue_log')).toBe(before.queue_log);
    });

    if (backend === 'postgres') {
      it('reads the pending steps from the plan', async () => {
        const set: ScriptSet = {
          name: 'cc',
          migrations: [
            {
              version: '1',
              description: 'first',
              kind: 'versioned',
              script: 'V1__first.sql',
              up: { sql: 'CREATE TABLE cc_marker (id INTEGER);' },
            },
            {
              version: '2',
              description: 'queue_log id',
              kind: 'versioned',
              script: 'V2__queue_log_id.sql',
              up: { sql: addPk.postgres + ';' },
            },
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
