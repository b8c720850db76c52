// The online form of ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY keeps writers
// flowing, ends in the same shape as the plain statement, resumes after a stop, and can be
// applied ahead of an upgrade that then skips it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { addSerialPrimaryKey, applyAhead, onlineFormOf, serialPkSpec } from '../../src/ops/online.js';
import { upgrade, status } from '../../src/engine/index.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { xivoAlembicVersion } from '../../src/packs/xivo/alembic.js';
import { VoipdbError } from '../../src/core/errors.js';

const QUEUE_LOG = `CREATE TABLE queue_log (time VARCHAR(26) DEFAULT '' NOT NULL, callid VARCHAR(32) DEFAULT '' NOT NULL, queuename VARCHAR(50) DEFAULT '' NOT NULL, agent VARCHAR(50) DEFAULT '' NOT NULL, event VARCHAR(20) DEFAULT '' NOT NULL, data1 VARCHAR(30) DEFAULT '')`;

async function fill(conn: Connection, table: string, rows: number): Promise<void> {
  await conn.exec(
    `INSERT INTO ${table} (time, callid, queuename, agent, event, data1)
     SELECT to_char(timestamp '2014-01-01' + g * interval '1 minute', 'YYYY-MM-DD HH24:MI:SS.US'), 'old.' || g, 'q' || (g % 5), 'Agent/' || (g % 40), 'ENTERQUEUE', g::text
       FROM generate_series(1, ${rows}) g`,
  );
}

/** The shape a SERIAL PRIMARY KEY column leaves, as the catalog tells it. */
async function shape(conn: Connection, table: string) {
  const [col] = await conn.query(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = ?::regclass AND a.attname = 'id'`,
    [table],
  );
  const [pk] = await conn.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'p'`,
    [table],
  );
  const [owned] = await conn.query(`SELECT pg_get_serial_sequence(?, 'id') AS seq`, [table]);
  const [seqType] = await conn.query(
    `SELECT format_type(seqtypid, NULL) AS t FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence(?, 'id')::regclass`,
    [table],
  );
  const checks = await conn.query(`SELECT conname FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'c'`, [
    table,
  ]);
  return { col, pk, owned, seqType, checks };
}

describe('recognising the online form of a migration', () => {
  it('takes ADD COLUMN ... SERIAL PRIMARY KEY with GRANTs on its sequence, and nothing more', () => {
    expect(
      onlineFormOf([
        'ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY',
        'GRANT ALL ON SEQUENCE queue_log_id_seq TO asterisk',
      ]),
    ).toEqual({
      table: 'queue_log',
      column: 'id',
      sequence: 'queue_log_id_seq',
      constraint: 'queue_log_pkey',
      type: 'integer',
      grantTo: ['asterisk'],
    });
    expect(onlineFormOf(['ALTER TABLE "queue_log" ADD "id" BIGSERIAL PRIMARY KEY;'])?.type).toBe('bigint');
    expect(
      onlineFormOf(['ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY', 'UPDATE queue_log SET agent = NULL']),
    ).toBeUndefined();
    expect(onlineFormOf(['ALTER TABLE queue_log ADD COLUMN id INTEGER'])).toBeUndefined();
    expect(
      onlineFormOf([
        'ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY',
        'GRANT ALL ON SEQUENCE other_seq TO asterisk',
      ]),
    ).toBeUndefined();
  });
});

for (const backend of ['sqlite', 'pglite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`no online form on ${backend}`, () => {
    it('says why and what to do instead', async () => {
      const db = await freshDb(backend, 'vt_onl');
      const c = await db.connect();
      try {
        await c.exec(QUEUE_LOG);
        const err = await addSerialPrimaryKey(c, serialPkSpec('queue_log')).catch((e) => e);
        expect(err).toBeInstanceOf(VoipdbError);
        expect((err as VoipdbError).message).toMatch(/no online form here/);
        expect((err as VoipdbError).hint).toMatch(/voipdb estimate/);
      } finally {
        await c.close();
        await db.drop();
      }
    });
  });
}

describe.skipIf(!(await available('postgres')))('online ADD COLUMN id SERIAL PRIMARY KEY on postgres', () => {
  let db: TestDb;
  let conn: Connection, writerConn: Connection;

  beforeAll(async () => {
    db = await freshDb('postgres', 'vt_online');
    conn = await db.connect();
    writerConn = await db.connect();
  });
  afterAll(async () => {
    await conn?.close();
    await writerConn?.close();
    await db?.drop();
  });

  it('keeps concurrent inserts working and ends like the plain statement', async () => {
    await conn.exec(QUEUE_LOG);
    await fill(conn, 'queue_log', 60_000);
    await conn.exec(QUEUE_LOG.replace('queue_log', 'queue_log_plain'));
    await fill(conn, 'queue_log_plain', 1000);
    await conn.exec('ALTER TABLE queue_log_plain ADD COLUMN id SERIAL PRIMARY KEY');

    // a call-center writer inserting all along
    let stop = false;
    let written = 0;
    const errors: unknown[] = [];
    const writtenAt: Record<string, number> = {};
    const writer = (async () => {
      while (!stop) {
        try {
          await writerConn.execute(
            "INSERT INTO queue_log (time, callid, queuename, agent, event) VALUES ('2014-09-01 10:00:00', ?, 'q1', 'Agent/1', 'CONNECT')",
            [`new.${written}`],
          );
          written++;
        } catch (e) {
          errors.push(e);
          break;
        }
      }
    })();
    while (written < 20) await new Promise((r) => setTimeout(r, 5));
    const res = await addSerialPrimaryKey(conn, serialPkSpec('queue_log', 'id', { grantTo: ['postgres'] }), {
      batchRows: 2000,
      events: (e) => {
        if (e.type === 'progress' && e.done > 0 && writtenAt.first === undefined) writtenAt.first = written;
        if (e.type === 'progress') writtenAt.last = written;
      },
    });
    const atEnd = written;
    while (written < atEnd + 20) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await writer;

    expect(errors).toEqual([]);
    expect(res.rows).toBeGreaterThanOrEqual(60_000);
    expect(res.batches).toBeGreaterThan(10);
    expect(res.idsFollowOldRows).toBe(true);
    // inserts went on while the back-fill ran, and after it
    expect(writtenAt.last! - writtenAt.first!).toBeGreaterThan(0);
    const [n] = await conn.query<{ total: string; ids: string; nulls: string }>(
      'SELECT count(*)::text AS total, count(DISTINCT id)::text AS ids, count(*) FILTER (WHERE id IS NULL)::text AS nulls FROM queue_log',
    );
    expect(Number(n!.total)).toBe(60_000 + written);
    expect(n!.ids).toBe(n!.total);
    expect(n!.nulls).toBe('0');
    // old rows keep ids below every new row, in their physical order, as with the plain statement
    const [o] = await conn.query<{ maxold: number; minnew: number }>(
      "SELECT max(id) FILTER (WHERE callid LIKE 'old.%') AS maxold, min(id) FILTER (WHERE callid LIKE 'new.%' AND id > 60000) AS minnew FROM queue_log",
    );
    expect(o!.maxold).toBeLessThan(o!.minnew);

    const online = await shape(conn, 'queue_log');
    const plain = await shape(conn, 'queue_log_plain');
    expect(online.col).toEqual({ ...(plain.col as object), def: "nextval('queue_log_id_seq'::regclass)" });
    expect(plain.col).toEqual({ type: 'integer', notnull: true, def: "nextval('queue_log_plain_id_seq'::regclass)" });
    expect(online.pk).toEqual({ conname: 'queue_log_pkey', def: 'PRIMARY KEY (id)' });
    expect(plain.pk).toEqual({ conname: 'queue_log_plain_pkey', def: 'PRIMARY KEY (id)' });
    expect(online.owned).toEqual({ seq: 'public.queue_log_id_seq' });
    expect(online.seqType).toEqual(plain.seqType);
    expect(online.checks).toEqual([]);
    expect(await conn.query("SELECT 1 FROM pg_class WHERE relname = 'queue_log_id_seq_backfill'")).toEqual([]);
    // a second run finds it done
    expect((await addSerialPrimaryKey(conn, serialPkSpec('queue_log'))).alreadyDone).toBe(true);
  });

  it('resumes after a stop half-way through the back-fill', async () => {
    await conn.exec(QUEUE_LOG.replace('queue_log', 'ql2'));
    await fill(conn, 'ql2', 20_000);
    let batches = 0;
    const err = await addSerialPrimaryKey(conn, serialPkSpec('ql2'), {
      batchRows: 1000,
      events: (e) => {
        if (e.type === 'progress' && ++batches === 5) throw new Error('stopped here');
      },
    }).catch((e) => e);
    expect(String(err)).toMatch(/stopped here/);
    const [mid] = await conn.query<{ done: string }>('SELECT count(id)::text AS done FROM ql2');
    expect(Number(mid!.done)).toBeGreaterThan(0);
    expect(Number(mid!.done)).toBeLessThan(20_000);
    const res = await addSerialPrimaryKey(conn, serialPkSpec('ql2'), { batchRows: 1000 });
    expect(res.rows).toBe(20_000 - Number(mid!.done));
    const [n] = await conn.query<{ ids: string; mx: number }>(
      'SELECT count(DISTINCT id)::text AS ids, max(id) AS mx FROM ql2',
    );
    expect(n!.ids).toBe('20000');
    expect(n!.mx).toBe(20_000);
    expect((await shape(conn, 'ql2')).pk).toEqual({ conname: 'ql2_pkey', def: 'PRIMARY KEY (id)' });
  });

  it('refuses a table that has another primary key', async () => {
    await conn.exec('CREATE TABLE ql3 (time VARCHAR(26), callid VARCHAR(32), PRIMARY KEY (time, callid))');
    await expect(addSerialPrimaryKey(conn, serialPkSpec('ql3'))).rejects.toThrow(
      /already has a primary key \(time, callid\)/,
    );
  });
});

describe.skipIf(!(await available('postgres')))('applying a pending big-table step ahead of the upgrade', () => {
  const set: ScriptSet = {
    name: 'callcenter',
    convention: 'revision',
    versionRecords: [xivoAlembicVersion],
    migrations: [
      {
        version: 'a1',
        parent: null,
        description: 'queue_log',
        kind: 'versioned',
        script: 'a1_queue_log.sql',
        up: { sql: QUEUE_LOG + ';' },
      },
      {
        version: 'b2',
        parent: 'a1',
        description: 'queue_log id',
        kind: 'versioned',
        script: 'b2_queue_log_id.sql',
        up: {
          sql: 'ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY;\nGRANT ALL ON SEQUENCE queue_log_id_seq TO postgres;',
        },
      },
      {
        version: 'c3',
        parent: 'b2',
        description: 'index',
        kind: 'versioned',
        script: 'c3_index.sql',
        up: { sql: 'CREATE INDEX queue_log__idx_time ON queue_log (time);' },
      },
      {
        version: 'd4',
        parent: 'c3',
        description: 'mixed',
        kind: 'versioned',
        script: 'd4_mixed.sql',
        up: { sql: 'ALTER TABLE queue_log ADD COLUMN uid SERIAL;\nUPDATE queue_log SET agent = agent;' },
      },
    ],
  };
  let db: TestDb;
  let conn: Connection;
  beforeAll(async () => {
    db = await freshDb('postgres', 'vt_ahead');
    conn = await db.connect();
  });
  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('runs the online form now, records it, and the upgrade skips it', async () => {
    await upgrade(conn, [set], 'a1');
    await fill(conn, 'queue_log', 5000);
    await expect(applyAhead(conn, [set], 'callcenter@c3')).rejects.toThrow(/not the next pending step/);
    const r = await applyAhead(conn, [set], 'callcenter@b2', { batchRows: 1000 });
    expect(r.online.rows).toBe(5000);
    const [v] = await conn.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
    expect(v!.version_num).toBe('b2');
    const [st] = await status(conn, [set]);
    expect(st!.pending.map((p) => p.migration.version)).toEqual(['c3', 'd4']);
    expect(st!.problems).toEqual([]);

    await expect(applyAhead(conn, [set], 'callcenter@d4')).rejects.toThrow(/not the next pending step/);
    const up = await upgrade(conn, [set], 'c3');
    expect(up.steps.map((s) => s.version)).toEqual(['c3']);
    await expect(applyAhead(conn, [set], 'd4')).rejects.toThrow(/no online form/);
    await expect(applyAhead(conn, [set], 'b2')).rejects.toThrow(/applied already/);
    const hist = await conn.query<{ version: string; description: string }>(
      "SELECT version, description FROM voipdb_history WHERE set_name = 'callcenter' ORDER BY id",
    );
    expect(hist.map((h) => h.version)).toEqual(['a1', 'b2', 'c3']);
    expect(hist[1]!.description).toMatch(/applied ahead/);
    const [v2] = await conn.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
    expect(v2!.version_num).toBe('c3');
  });
});
