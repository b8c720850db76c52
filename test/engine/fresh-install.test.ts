import { afterAll, describe, expect, it } from 'vitest';
import { readSetHistory, status, upgrade } from '../../src/engine/index.js';
import { dialectOf } from '../../src/dialect/index.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { diffModels } from '../../src/schema/diff.js';
import { loadPack } from '../../src/packs/index.js';
import { col, t, type Ops } from '../../src/schema/operations.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

type Conn = Awaited<ReturnType<TestDb['connect']>>;
/** voipdb's history per migration (an install's own row, where DDL is not transactional, apart). */
const history = async (conn: Conn) =>
  (await readSetHistory(conn))
    .filter((r) => r.kind !== 'install')
    .map((r) => [r.set_name, r.version, r.kind, r.checksum, r.state]);
const installRows = async (conn: Conn) => (await readSetHistory(conn)).filter((r) => r.kind === 'install');

for (const backend of ['postgres', 'mariadb', 'sqlite', 'pglite'] as const) {
  describe.skipIf(!(await available(backend)))(`fresh install on ${backend}`, () => {
    it('creates the head schema in one step, equal to replaying every migration, with the same history', async () => {
      const [a, b] = [await freshDb(backend, 'fresh'), await freshDb(backend, 'replay')];
      created.push(a, b);
      const [ca, cb] = [await a.connect(), await b.connect()];
      try {
        const sets = async () => [
          ...(await (await loadPack('asterisk')).sets({})),
          ...(await (await loadPack('kamailio')).sets({ groups: ['standard'] })),
        ];
        const fresh = await upgrade(ca, await sets());
        const replayed = await upgrade(cb, await sets(), undefined, { replay: true });
        // one step per set against one per migration
        expect(fresh.steps.length).toBeLessThan(replayed.steps.length);
        expect(fresh.states.every((s) => s.upToDate)).toBe(true);
        expect(diffModels(await introspect(cb), await introspect(ca), ca.dialect)).toEqual([]);
        expect(await history(ca)).toEqual(await history(cb));
        const [[v]] = [
          await ca.query<{ table_version: unknown }>("SELECT table_version FROM version WHERE table_name = 'location'"),
        ];
        expect(Number(v!.table_version)).toBe(9);
        const [[alembic]] = [await ca.query<{ version_num: string }>('SELECT version_num FROM alembic_version_config')];
        expect(alembic!.version_num).toBe(fresh.states.find((st) => st.set.name === 'asterisk/config')!.head);
        // Without transactional DDL the install keeps its own row, with its progress.
        const installs = await installRows(ca);
        if (dialectOf(ca.dialect).transactionalDDL) expect(installs).toEqual([]);
        else {
          expect(installs.map((r) => r.set_name)).toContain('asterisk/config');
          for (const r of installs) expect([r.state, r.statements_done > 0]).toEqual(['applied', true]);
        }
      } finally {
        await ca.close();
        await cb.close();
      }
    });

    it('replays a set whose migrations carry SQL text or seed rows, and a set whose tables are already there', async () => {
      const db = await freshDb(backend, 'fresh');
      created.push(db);
      const conn = await db.connect();
      try {
        const set = (name: string, seed: boolean): ScriptSet => ({
          name,
          migrations: [
            {
              version: '1',
              description: 'a',
              kind: 'versioned',
              script: '1',
              up: { ops: (op) => op.createTable(`${name}_a`, [col('id', t.integer(), { primaryKey: true })]) },
            },
            {
              version: '2',
              description: 'b',
              kind: 'versioned',
              script: '2',
              up: { ops: (op) => op.addColumn(`${name}_a`, col('n', t.string(20))) },
            },
            ...(seed
              ? [
                  {
                    version: '3',
                    description: 'seed',
                    kind: 'versioned' as const,
                    script: '3',
                    up: { ops: (op: Ops) => op.insertRows(`${name}_a`, [{ id: 1, n: 'x' }]) },
                  },
                ]
              : []),
          ],
        });
        expect((await upgrade(conn, [set('plain', false)])).steps).toHaveLength(1);
        expect((await upgrade(conn, [set('seeded', true)])).steps).toHaveLength(3);
        await conn.exec('CREATE TABLE there_a (id INTEGER PRIMARY KEY)');
        await expect(upgrade(conn, [set('there', false)])).rejects.toThrow(/there_a/);
      } finally {
        await conn.close();
      }
    });

    it.each([false, true])(
      'leaves no half-done install when a statement fails, and the next upgrade finishes it (replay: %s)',
      async (replay) => {
        const db = await freshDb(backend, 'fresh');
        created.push(db);
        const conn = await db.connect();
        try {
          // The second migration's index names a column that does not exist; the fix names the right one.
          const set = (column: string): ScriptSet => ({
            name: 'calls',
            migrations: [
              {
                version: '1',
                description: 'calls',
                kind: 'versioned',
                script: '1',
                up: {
                  ops: (op) =>
                    op.createTable('calls', [col('id', t.integer(), { primaryKey: true }), col('line', t.string(40))]),
                },
              },
              {
                version: '2',
                description: 'by line',
                kind: 'versioned',
                script: '2',
                up: { ops: (op) => op.createIndex('calls_line', 'calls', [column]) },
              },
            ],
          });
          const failed = await upgrade(conn, [set('lane')]).catch((e: unknown) => e);
          expect(String(failed)).toMatch(/statement 2 of 2/);
          expect((await status(conn, [set('lane')]))[0]!.applied).toBe(0);

          const log: string[] = [];
          const done = await upgrade(conn, [set('line')], undefined, {
            replay,
            events: (e) => void (e.type === 'log' && log.push(e.message)),
          });
          expect(done.states[0]!.upToDate).toBe(true);
          const applied = (await history(conn)).filter((r) => r[4] === 'applied').map((r) => r[1]);
          expect(applied).toEqual(['1', '2']);
          // Where DDL is not transactional the table stayed, and the install resumed after it.
          if (!dialectOf(conn.dialect).transactionalDDL) {
            expect(log.some((m) => /resuming .* at statement 2 of 2/.test(m))).toBe(true);
            expect((await installRows(conn)).map((r) => [r.state, r.statements_done])).toEqual([['applied', 2]]);
          }
        } finally {
          await conn.close();
        }
      },
    );
  });
}
