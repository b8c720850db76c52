import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downgrade, readSetHistory, stamp, status, upgrade, repair } from '../../src/engine/index.js';
import { loadDirectorySet } from '../../src/engine/sources.js';
import { isVoipdbError } from '../../src/core/errors.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import { basicSet, writeSet } from './fixtures.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

async function fresh(b: (typeof ALL_BACKENDS)[number]) {
  const db = await freshDb(b, 'eng');
  created.push(db);
  return db;
}

async function count(conn: Awaited<ReturnType<TestDb['connect']>>, table: string): Promise<number> {
  const [r] = await conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(r!.n);
}

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isVoipdbError(e)) return e;
    throw e;
  }
  throw new Error('expected a VoipdbError');
}

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`engine on ${backend}`, () => {
    it('applies a directory set once, in order, with history rows and the repeatable view', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const set = await loadDirectorySet(writeSet(basicSet));
        const r = await upgrade(conn, [set]);
        expect(r.steps.map((s) => s.script)).toEqual([
          'V1__extensions.sql',
          'V2__seed.sql',
          'V3__queues.sql',
          'R__extension_names.sql',
        ]);
        expect(await count(conn, 'extension_names')).toBe(2);
        const again = await upgrade(conn, [set]);
        expect(again.steps).toEqual([]);
        expect(await count(conn, 'extensions')).toBe(2);
        const [st] = await status(conn, [set]);
        expect(st!.upToDate).toBe(true);
        expect(st!.current).toBe('3');
        const rows = await readSetHistory(conn, 'app');
        expect(rows.map((x) => [x.version, x.kind, x.state])).toEqual([
          ['1', 'versioned', 'applied'],
          ['2', 'versioned', 'applied'],
          ['3', 'versioned', 'applied'],
          [null, 'repeatable', 'applied'],
        ]);
        expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(rows[0]!.installed_by).not.toBe('');
      } finally {
        await conn.close();
      }
    });

    it('reports where each set stands afterwards, unless the caller does not want it', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const set = await loadDirectorySet(writeSet(basicSet));
        const first = await upgrade(conn, [set], '2', { closingStates: false });
        expect(first.steps.map((s) => s.script)).toEqual([
          'V1__extensions.sql',
          'V2__seed.sql',
          'R__extension_names.sql',
        ]);
        expect(first.states).toEqual([]);
        const rest = await upgrade(conn, [set]);
        expect(rest.states.map((st) => [st.set.name, st.current, st.upToDate])).toEqual([['app', '3', true]]);
      } finally {
        await conn.close();
      }
    });

    it('stops at a target version and continues later', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const set = await loadDirectorySet(writeSet(basicSet));
        await upgrade(conn, [set], '2');
        let [st] = await status(conn, [set]);
        expect(st!.current).toBe('2');
        expect(st!.pending.map((p) => p.migration.version)).toEqual(['3']);
        await upgrade(conn, [set]);
        [st] = await status(conn, [set]);
        expect(st!.upToDate).toBe(true);
      } finally {
        await conn.close();
      }
    });

    it('treats a line-ending-only change as no change, and an edit as drift that blocks upgrade', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const dir = writeSet(basicSet);
        await upgrade(conn, [await loadDirectorySet(dir)]);
        writeFileSync(join(dir, 'V1__extensions.sql'), basicSet['V1__extensions.sql'].replace(/\n/g, '\r\n'));
        let [st] = await status(conn, [await loadDirectorySet(dir)]);
        expect(st!.problems).toEqual([]);
        appendFileSync(join(dir, 'V1__extensions.sql'), 'CREATE INDEX extensions_number ON extensions (number);\n');
        writeFileSync(join(dir, 'V4__more.sql'), 'CREATE TABLE more_things (id INTEGER PRIMARY KEY);\n');
        [st] = await status(conn, [await loadDirectorySet(dir)]);
        expect(st!.problems.map((p) => p.kind)).toEqual(['edited']);
        expect(st!.problems[0]!.hint).toContain('voipdb repair');
        const e = await errorOf(upgrade(conn, [await loadDirectorySet(dir)]));
        expect(e.kind).toBe('integrity');
        expect(e.exitCode).toBe(7);
        await repair(conn, [await loadDirectorySet(dir)]);
        const r = await upgrade(conn, [await loadDirectorySet(dir)]);
        expect(r.steps.map((s) => s.script)).toContain('V4__more.sql');
      } finally {
        await conn.close();
      }
    });

    it('finds out-of-order, missing and duplicate scripts and explains each', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const dir = writeSet({
          'V1__a.sql': 'CREATE TABLE a (id INTEGER);\n',
          'V3__c.sql': 'CREATE TABLE c (id INTEGER);\n',
        });
        await upgrade(conn, [await loadDirectorySet(dir)]);
        writeFileSync(join(dir, 'V2__b.sql'), 'CREATE TABLE b (id INTEGER);\n');
        let [st] = await status(conn, [await loadDirectorySet(dir)]);
        expect(st!.problems.map((p) => p.kind)).toEqual(['out-of-order']);
        expect((await errorOf(upgrade(conn, [await loadDirectorySet(dir)]))).message).toContain(
          'V2__b.sql is older than the applied version 3',
        );
        await upgrade(conn, [await loadDirectorySet(dir)], undefined, { outOfOrder: true });
        expect(await count(conn, 'b')).toBe(0);

        unlinkSync(join(dir, 'V1__a.sql'));
        writeFileSync(join(dir, 'V3__again.sql'), 'CREATE TABLE again (id INTEGER);\n');
        [st] = await status(conn, [await loadDirectorySet(dir)]);
        expect(st!.problems.map((p) => p.kind).sort()).toEqual(['duplicate', 'missing']);
        const dup = st!.problems.find((p) => p.kind === 'duplicate')!;
        expect(dup.message).toContain('V3__again.sql');
        expect(dup.blocking).toBe(true);
      } finally {
        await conn.close();
      }
    });

    it('drops and recreates repeatables around the versioned steps only when something changed', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const dir = writeSet(basicSet);
        await upgrade(conn, [await loadDirectorySet(dir)]);
        expect((await upgrade(conn, [await loadDirectorySet(dir)])).steps).toEqual([]);
        // A versioned step changes a column the view reads: the view is dropped first, recreated after.
        writeFileSync(
          join(dir, 'V4__widen.sql'),
          backend === 'sqlite'
            ? 'ALTER TABLE extensions RENAME TO extensions_old;\nCREATE TABLE extensions (number VARCHAR(20) PRIMARY KEY, name VARCHAR(200));\nINSERT INTO extensions SELECT number, name FROM extensions_old;\nDROP TABLE extensions_old;\n'
            : backend === 'mariadb'
              ? 'ALTER TABLE extensions MODIFY name VARCHAR(200);\n'
              : 'ALTER TABLE extensions ALTER COLUMN name TYPE VARCHAR(200);\n',
        );
        const r = await upgrade(conn, [await loadDirectorySet(dir)]);
        expect(r.steps.map((s) => s.kind)).toEqual(['drop-repeatables', 'versioned', 'repeatable']);
        expect(await count(conn, 'extension_names')).toBe(2);
        writeFileSync(
          join(dir, 'R__extension_names.sql'),
          "CREATE VIEW extension_names AS SELECT number, name FROM extensions WHERE number > '1001';\n",
        );
        const r2 = await upgrade(conn, [await loadDirectorySet(dir)]);
        expect(r2.steps.map((s) => s.kind)).toEqual(['drop-repeatables', 'repeatable']);
        expect(await count(conn, 'extension_names')).toBe(1);
      } finally {
        await conn.close();
      }
    });

    it('downgrades with undo scripts and stamps without running anything', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const dir = writeSet({ ...basicSet, 'U3__queues.sql': 'DROP TABLE queues;\n' });
        await upgrade(conn, [await loadDirectorySet(dir)]);
        await downgrade(conn, [await loadDirectorySet(dir)], '2');
        let [st] = await status(conn, [await loadDirectorySet(dir)]);
        expect(st!.current).toBe('2');
        await expect(conn.query('SELECT * FROM queues')).rejects.toThrow();
        const e = await errorOf(downgrade(conn, [await loadDirectorySet(dir)], 'base'));
        expect(e.message).toContain('V2__seed.sql has no down migration');
        await stamp(conn, [await loadDirectorySet(dir)], '3');
        [st] = await status(conn, [await loadDirectorySet(dir)]);
        expect(st!.current).toBe('3');
        const rows = await readSetHistory(conn, 'app');
        expect(rows.at(-1)!.state).toBe('stamped');
      } finally {
        await conn.close();
      }
    });

    it('refuses to drop a table holding rows unless data loss is allowed', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const dir = writeSet(basicSet);
        await upgrade(conn, [await loadDirectorySet(dir)]);
        writeFileSync(
          join(dir, 'V4__drop.sql'),
          'DROP VIEW IF EXISTS extension_names;\nDROP TABLE extensions;\nDROP TABLE queues;\n',
        );
        unlinkSync(join(dir, 'R__extension_names.sql'));
        const e = await errorOf(upgrade(conn, [await loadDirectorySet(dir)]));
        expect(e.kind).toBe('data-loss');
        expect(e.message).toContain('drops table extensions');
        expect(e.message).not.toContain('queues'); // empty: no loss
        await upgrade(conn, [await loadDirectorySet(dir)], undefined, { allowDataLoss: true });
      } finally {
        await conn.close();
      }
    });

    it(
      backend === 'mariadb'
        ? 'resumes a failed migration at the failed statement'
        : 'rolls back a failed migration whole, with its history row',
      async () => {
        const db = await fresh(backend);
        const conn = await db.connect();
        try {
          const dir = writeSet({
            'V1__base.sql': 'CREATE TABLE a (id INTEGER PRIMARY KEY);\n',
            'V2__three.sql':
              'CREATE TABLE b (id INTEGER);\nCREATE TABLE c (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE d (id INTEGER);\n',
          });
          const e = await errorOf(upgrade(conn, [await loadDirectorySet(dir)]));
          expect(e.kind).toBe('migration-failed');
          expect(e.exitCode).toBe(6);
          expect(e.message).toContain('V2__three.sql failed at statement 3 of 4');
          expect(e.message).toMatch(/no_such_table/);
          const [st] = await status(conn, [await loadDirectorySet(dir)]);
          expect(st!.current).toBe('1');
          if (backend === 'mariadb') {
            expect(st!.partial!.row.statements_done).toBe(2);
            expect(e.hint).toContain('resumes at statement 3');
          } else {
            await expect(conn.query('SELECT * FROM b')).rejects.toThrow();
          }
          // The fix: statement 3 now right. Statements 1-2 are not idempotent: a re-run would fail.
          writeFileSync(
            join(dir, 'V2__three.sql'),
            'CREATE TABLE b (id INTEGER);\nCREATE TABLE c (id INTEGER);\nINSERT INTO a VALUES (1);\nCREATE TABLE d (id INTEGER);\n',
          );
          const r = await upgrade(conn, [await loadDirectorySet(dir)]);
          expect(r.steps.map((s) => s.script)).toEqual(['V2__three.sql']);
          expect(await count(conn, 'a')).toBe(1);
          expect(await count(conn, 'd')).toBe(0);
          const [after] = await status(conn, [await loadDirectorySet(dir)]);
          expect(after!.upToDate).toBe(true);
        } finally {
          await conn.close();
        }
      },
    );

    it('runs pre_upgrade and post_upgrade hooks on every upgrade that has work to do', async () => {
      const db = await fresh(backend);
      const conn = await db.connect();
      try {
        const dir = writeSet({
          'V1__log.sql': 'CREATE TABLE hook_log (what VARCHAR(20));\n',
          'pre_upgrade/0010_note.sql':
            'CREATE TABLE IF NOT EXISTS pre_seen (n INTEGER);\nINSERT INTO pre_seen VALUES (1);\n',
          'post_upgrade/0010_note.sql': "INSERT INTO hook_log VALUES ('post');\n",
        });
        await upgrade(conn, [await loadDirectorySet(dir)]);
        expect(await count(conn, 'pre_seen')).toBe(1);
        expect(await count(conn, 'hook_log')).toBe(1);
        await upgrade(conn, [await loadDirectorySet(dir)]);
        expect(await count(conn, 'pre_seen')).toBe(1);
        writeFileSync(join(dir, 'V2__more.sql'), 'CREATE TABLE more_log (id INTEGER);\n');
        await upgrade(conn, [await loadDirectorySet(dir)]);
        expect(await count(conn, 'pre_seen')).toBe(2);
        expect(await count(conn, 'hook_log')).toBe(2);
      } finally {
        await conn.close();
      }
    });
  });
}

describe('sets side by side', () => {
  it('keeps several sets in one database, each with its own record', async () => {
    const db = await fresh('sqlite');
    const conn = await db.connect();
    try {
      const a = await loadDirectorySet(writeSet({ 'V1__a.sql': 'CREATE TABLE a1 (id INTEGER);\n' }, 'alpha'));
      const b = await loadDirectorySet(
        writeSet(
          { '0001_b.sql': 'CREATE TABLE b1 (id INTEGER);\n', '0002_b.sql': 'CREATE TABLE b2 (id INTEGER);\n' },
          'beta',
        ),
      );
      expect(b.convention).toBe('numbered');
      await upgrade(conn, [a, b]);
      const states = await status(conn, [a, b]);
      expect(states.map((s) => [s.set.name, s.current])).toEqual([
        ['alpha', '1'],
        ['beta', '0002'],
      ]);
      await downgrade(conn, [a, b], 'alpha@base').catch((e) =>
        expect(String(e.message)).toContain('no down migration'),
      );
    } finally {
      await conn.close();
    }
  });
});
