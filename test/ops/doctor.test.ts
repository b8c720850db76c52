// `voipdb doctor` on an Ominis database: table sizes everywhere; connections, active queries (with
// secrets scrubbed), index use and unused indexes where the dialect keeps them; every set's
// version state, including a set with a pending migration; notes for what a dialect lacks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { upgrade, type ScriptSet } from '../../src/engine/index.js';
import { doctor } from '../../src/ops/doctor.js';
import { ominisPack } from '../../src/packs/ominis/index.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';

/** The ominis sets with one more, unapplied, migration in the ominis set. */
async function setsWithPending(): Promise<ScriptSet[]> {
  return (await ominisPack.sets()).map((s) =>
    s.name !== 'ominis'
      ? s
      : {
          ...s,
          migrations: [
            ...s.migrations,
            { version: '0002', description: 'later', kind: 'versioned', script: 'later.sql', up: { sql: 'SELECT 1' } },
          ],
        },
  );
}

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`doctor on ${backend}`, () => {
    let db: TestDb;
    let conn: Connection;

    beforeAll(async () => {
      db = await freshDb(backend, 'doctor');
      conn = await db.connect();
      await upgrade(conn, await ominisPack.sets());
      await conn.execute(
        "INSERT INTO cdr (uuid, queue_name, hangup_cause) VALUES ('c1', 'queue-sales@default', 'NORMAL_CLEARING')",
      );
    });
    afterAll(async () => {
      await conn?.close();
      await db?.drop();
    });

    it('lists every table with its size, and every set at head', async () => {
      const r = await doctor(conn, await ominisPack.sets());
      const cdr = r.tables.find((t) => t.name === 'cdr');
      expect(cdr).toBeDefined();
      expect(cdr!.bytes).toBeGreaterThan(0);
      expect(r.tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(['agents', 'channels', 'extensions', 'acl_entries']),
      );
      expect(r.sets).toEqual([
        { set: 'freeswitch/core', current: '0001', head: '0001', pending: 0, upToDate: true, problems: [] },
        { set: 'freeswitch/callcenter', current: '0001', head: '0001', pending: 0, upToDate: true, problems: [] },
        { set: 'ominis', current: '0001', head: '0001', pending: 0, upToDate: true, problems: [] },
      ]);
      expect(JSON.parse(JSON.stringify(r)).target).toBe(conn.target.display);
    });

    it('shows a set with a pending migration as not up to date', async () => {
      const r = await doctor(conn, await setsWithPending());
      expect(r.sets.find((s) => s.set === 'ominis')).toMatchObject({
        current: '0001',
        head: '0002',
        pending: 1,
        upToDate: false,
      });
    });

    it.runIf(backend === 'sqlite')('says what SQLite cannot tell', async () => {
      const r = await doctor(conn);
      expect(r.connections).toBeNull();
      expect(r.activeQueries).toBeNull();
      expect(r.indexes).toBeNull();
      expect(r.notes.join('\n')).toMatch(/no server/);
    });

    it.runIf(backend === 'mariadb')(
      'counts connections and explains index use without performance_schema',
      async () => {
        const r = await doctor(conn);
        expect(r.connections).toBeGreaterThanOrEqual(1);
        expect(r.activeQueries).toEqual(expect.any(Array));
        const [ps] = await conn.query<{ on: unknown }>('SELECT @@performance_schema AS `on`');
        if (Number(ps!.on) === 1) expect(r.indexes!.some((i) => i.index === 'idx_cdr_queue')).toBe(true);
        else expect(r.notes.join('\n')).toMatch(/performance_schema=ON/);
      },
    );

    it.runIf(backend === 'postgres')(
      'shows index use, unused indexes (never a key), and active queries without secrets',
      async () => {
        await conn.exec('SET enable_seqscan = off');
        await conn.query("SELECT * FROM cdr WHERE queue_name = 'queue-sales@default'");
        await conn.exec('RESET enable_seqscan');
        await conn.query('SELECT pg_stat_force_next_flush()');
        await conn.query('SELECT 1'); // the flush happens at the end of a transaction

        const sleeper = await db.connect();
        const sleeping = sleeper.query("SELECT pg_sleep(30) /* ALTER ROLE x PASSWORD 'hunter2' */").catch((e) => e);
        try {
          let r = await doctor(conn);
          // wait (bounded) for the other connection's query to reach the server
          for (let i = 0; i < 200 && !r.activeQueries!.some((q) => q.query?.includes('pg_sleep')); i++) {
            await new Promise((ok) => setTimeout(ok, 50));
            r = await doctor(conn);
          }
          const q = r.activeQueries!.find((a) => a.query?.includes('pg_sleep'));
          expect(q, 'the sleeping query is listed').toBeDefined();
          expect(q!.query).not.toContain('hunter2');
          expect(q!.query).toContain("PASSWORD '***'");
          expect(r.connections).toBeGreaterThanOrEqual(2);

          const queue = r.indexes!.find((i) => i.index === 'idx_cdr_queue')!;
          expect(queue.scans).toBeGreaterThanOrEqual(1);
          const unused = r.unusedIndexes!.map((i) => i.index);
          expect(unused).toContain('idx_cdr_hangup');
          expect(unused).not.toContain('idx_cdr_queue');
          expect(unused).not.toContain('cdr_pkey');
          expect(r.indexes!.find((i) => i.index === 'cdr_pkey')).toMatchObject({ unique: true });
        } finally {
          await conn.query(
            'SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE ? AND pid <> pg_backend_pid()',
            ['%pg_sleep(30)%'],
          );
          await sleeping;
          await sleeper.close();
        }
      },
    );
  });
}
