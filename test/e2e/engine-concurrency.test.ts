// Promise 1, one upgrade at a time: eight `voipdb upgrade` processes started at once against
// one database apply each migration exactly once, and every one of them exits 0.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { collect, ensureBuilt, spawnCli } from '../helpers/cli.js';
import { count, historyRows, removeTempDirs, sideEffectSet, writeSet } from './engine-sets.js';

const PROCESSES = 8;
const MIGRATIONS = 20;
const BACKENDS: BackendName[] = ['postgres', 'mariadb', 'sqlite'];

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTempDirs());

// SQLite takes its write lock per migration, so how the processes interleave changes from run
// to run: it gets several rounds, each on a fresh file.
const ROUNDS: Record<BackendName, number> = { postgres: 1, mariadb: 1, sqlite: 4, pglite: 1 };

for (const backend of BACKENDS) {
  describe.skipIf(!(await available(backend)))(`${backend}: ${PROCESSES} upgrades at once`, () => {
    const dir = writeSet('concurrent', sideEffectSet(MIGRATIONS));
    const dbs: TestDb[] = [];

    afterAll(async () => {
      for (const db of dbs) await db.drop();
    });

    it.each(Array.from({ length: ROUNDS[backend] }, (_, i) => i + 1))(
      'round %i: applies every migration exactly once and every process exits 0',
      async () => {
        const db = await freshDb(backend, 'vt_conc');
        dbs.push(db);
        const children = Array.from({ length: PROCESSES }, () =>
          spawnCli(['upgrade', '--dir', dir, '--url', db.url, '--json']),
        );
        for (const c of children) c.stdin?.end();
        const results = await Promise.all(children.map((c) => collect(c, 180_000)));

        for (const r of results) {
          expect(r.code, r.stderr).toBe(0);
          expect(r.stderr, 'no error line').not.toMatch(/^voipdb: /m);
        }

        // Across all processes, each versioned step was run by exactly one of them.
        const ran = results.flatMap((r) =>
          (JSON.parse(r.stdout).applied as { kind: string; version: string | null; state: string }[]).filter(
            (s) => s.kind === 'versioned' && s.state !== 'skipped-by-other',
          ),
        );
        expect(ran.map((s) => s.version).sort((a, b) => Number(a) - Number(b))).toEqual(
          Array.from({ length: MIGRATIONS }, (_, i) => String(i + 1)),
        );

        const conn = await db.connect();
        try {
          const history = await historyRows(conn);
          const versioned = history.filter((h) => h.kind === 'versioned');
          expect(versioned.map((h) => h.version)).toHaveLength(MIGRATIONS);
          expect(new Set(versioned.map((h) => h.version)).size).toBe(MIGRATIONS);
          expect(versioned.every((h) => h.state === 'applied')).toBe(true);
          expect(history.filter((h) => h.state === 'failed' || h.state === 'running')).toEqual([]);
          // The repeatable view was created once, not once per process.
          expect(history.filter((h) => h.kind === 'repeatable').map((h) => h.script)).toEqual(['R__seed_view.sql']);

          // The effects: one seed row per migration, each table with its one row.
          expect(await count(conn, 'SELECT COUNT(*) AS n FROM seed_log')).toBe(MIGRATIONS);
          expect(await count(conn, 'SELECT COUNT(DISTINCT migration) AS n FROM seed_log')).toBe(MIGRATIONS);
          expect(await count(conn, 'SELECT COUNT(*) AS n FROM seed_view')).toBe(MIGRATIONS);
          for (let i = 2; i <= MIGRATIONS; i++) expect(await count(conn, `SELECT COUNT(*) AS n FROM t_${i}`)).toBe(1);
        } finally {
          await conn.close();
        }
      },
    );
  });
}
