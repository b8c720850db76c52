// Crash-proof, by fault injection: the engine's failpoints (VOIPDB_FAILPOINTS, a testing hook)
// kill the process or drop its connection at each moment that matters — before a statement,
// after a DDL committed and before its progress was recorded, while a CREATE INDEX
// CONCURRENTLY runs, between the history row and the version record, between voipdb's own
// tables — on every back-end where the moment exists. Each is followed by a plain rerun, which
// must leave the schema, the history, the version records and the data exactly as one
// uninterrupted run does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { ensureBuilt } from '../helpers/cli.js';
import { runChild, snapshot } from './support/crash.js';

interface Case {
  /** VOIPDB_FAILPOINTS for the first run. */
  fp: string;
  /** 'killed' (SIGKILL) or the exit code expected of the first run (3: the server went away). */
  first: 'killed' | number;
  mode?: 'replay';
}

/** Failpoints where each back-end has them. */
const CASES: Record<BackendName, Case[]> = {
  // Every DDL commits by itself: 13 statements in doubt (install 4, a1 3, b2 3, c3 2, d4 1).
  mariadb: [
    { fp: 'between-setup-tables=kill', first: 'killed' },
    { fp: 'after-statement@2=kill', first: 'killed' },
    { fp: 'after-statement@4=kill', first: 'killed' },
    { fp: 'before-version-record@1=kill', first: 'killed' },
    { fp: 'after-statement@6=kill', first: 'killed' },
    { fp: 'before-statement@8=kill', first: 'killed' },
    { fp: 'after-statement@11=kill', first: 'killed' },
    { fp: 'before-statement@12=kill', first: 'killed' },
    { fp: 'before-version-record@4=kill', first: 'killed' },
    { fp: 'after-statement@13=kill', first: 'killed' },
    { fp: 'after-statement@9=drop', first: 3 },
    { fp: 'before-version-record@3=drop', first: 3 },
  ],
  postgres: [
    { fp: 'between-setup-tables=kill', first: 'killed' },
    { fp: 'before-statement@1=kill', first: 'killed' },
    { fp: 'before-statement@2=kill', first: 'killed' },
    { fp: 'after-statement@1=kill', first: 'killed' },
    { fp: 'before-version-record@1=kill', first: 'killed' },
    { fp: 'before-statement@1=drop', first: 3 },
    { fp: 'after-statement@1=drop', first: 3 },
    { fp: 'before-statement@1=kill', first: 'killed', mode: 'replay' },
  ],
  sqlite: [
    { fp: 'between-setup-tables=kill', first: 'killed' },
    { fp: 'before-statement@1=kill', first: 'killed' },
    { fp: 'before-statement@3=kill', first: 'killed' },
    { fp: 'before-statement@5=kill', first: 'killed' },
    { fp: 'before-version-record@1=kill', first: 'killed' },
  ],
  pglite: [
    { fp: 'between-setup-tables=kill', first: 'killed' },
    { fp: 'before-statement@2=kill', first: 'killed' },
    { fp: 'after-statement@1=kill', first: 'killed' },
    { fp: 'before-version-record@1=kill', first: 'killed' },
  ],
};

let injected = 0;

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() =>
  console.log(`[crash-failpoints] ${injected} injected faults, each followed by a rerun equal to an uninterrupted run`),
);

for (const backend of Object.keys(CASES) as BackendName[]) {
  describe.skipIf(!(await available(backend)))(
    `${backend}: failpoints, then a rerun equal to an uninterrupted run`,
    () => {
      const dbs: TestDb[] = [];
      let baseline: Record<string, unknown>;
      const fresh = async () => {
        const db = await freshDb(backend, 'vt_fp');
        dbs.push(db);
        return db;
      };

      beforeAll(async () => {
        const db = await fresh();
        const r = await runChild(db.url);
        expect(r.code, r.out + r.err).toBe(0);
        const conn = await db.connect();
        baseline = await snapshot(conn);
        await conn.close();
      }, 120_000);
      afterAll(async () => {
        for (const db of dbs) await db.drop();
      });

      for (const c of CASES[backend]) {
        it(`${c.fp}${c.mode ? ` (${c.mode})` : ''}`, async () => {
          const db = await fresh();
          const first = await runChild(db.url, { VOIPDB_FAILPOINTS: c.fp }, c.mode);
          expect(first.err, 'the failpoint was reached').toContain(
            `failpoint ${c.fp.split('=')[0]!.replace(/@\d+$/, '')}`,
          );
          if (c.first === 'killed') expect(first.signal, first.out + first.err).toBe('SIGKILL');
          else {
            expect(first.code, first.out + first.err).toBe(c.first);
            // The server went away: never blamed on a migration.
            expect(first.out).toMatch(/the server went away during/);
            expect(first.out).not.toMatch(/next: fix/);
          }
          injected++;
          const next = await runChild(db.url, {}, c.mode);
          expect(next.code, next.out + next.err).toBe(0);
          const conn = await db.connect();
          try {
            expect(await snapshot(conn)).toEqual(baseline);
          } finally {
            await conn.close();
          }
        }, 120_000);
      }
    },
  );
}
