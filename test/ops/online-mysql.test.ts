// MariaDB's online forms: the XiVO queue_log key (a shadow table takes the writes, old rows follow
// by id range) keeps a concurrent writer going, ends in the shape of the plain statement with old
// rows numbered below new ones, and resumes; a column added to a big table goes INSTANT.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { addColumn, addSerialPrimaryKey, serialPkSpec } from '../../src/ops/online.js';
import { runCli, ensureBuilt } from '../helpers/cli.js';

const QUEUE_LOG = `CREATE TABLE queue_log (time VARCHAR(26) DEFAULT '' NOT NULL, callid VARCHAR(32) DEFAULT '' NOT NULL, queuename VARCHAR(50) DEFAULT '' NOT NULL, agent VARCHAR(50) DEFAULT '' NOT NULL, event VARCHAR(20) DEFAULT '' NOT NULL, data1 VARCHAR(30) DEFAULT '') ENGINE=InnoDB`;

async function fill(conn: Connection, table: string, rows: number): Promise<void> {
  await conn.exec(
    `INSERT INTO ${table} (time, callid, queuename, agent, event, data1)
     SELECT DATE_FORMAT(TIMESTAMP '2014-01-01 00:00:00' + INTERVAL seq MINUTE, '%Y-%m-%d %H:%i:%s.%f'), CONCAT('old.', seq), CONCAT('q', seq % 5), CONCAT('Agent/', seq % 40), 'ENTERQUEUE', seq
       FROM seq_1_to_${rows}`,
  );
}

async function keyShape(conn: Connection, table: string) {
  const [c] = await conn.query(
    `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_KEY AS k, EXTRA AS extra FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'id'`,
    [table],
  );
  return c;
}

describe.skipIf(!(await available('mariadb')))('online changes on MariaDB', () => {
  let db: TestDb;
  let conn: Connection, writerConn: Connection;
  beforeAll(async () => {
    db = await freshDb('mariadb', 'vt_onlmy');
    conn = await db.connect();
    writerConn = await db.connect();
  });
  afterAll(async () => {
    await conn?.close();
    await writerConn?.close();
    await db?.drop();
  });

  it('adds the queue_log key while a writer inserts, in the shape of the plain statement', async () => {
    await conn.exec(QUEUE_LOG);
    await fill(conn, 'queue_log', 30_000);
    await conn.exec(QUEUE_LOG.replace('queue_log', 'queue_log_plain'));
    await conn.exec('ALTER TABLE queue_log_plain ADD COLUMN id INT NOT NULL AUTO_INCREMENT PRIMARY KEY');
    let stop = false;
    let written = 0;
    const errors: unknown[] = [];
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
    const res = await addSerialPrimaryKey(conn, serialPkSpec('queue_log'), { batchRows: 2000 });
    const atEnd = written;
    while (written < atEnd + 20) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await writer;
    expect(errors).toEqual([]);
    expect(res.rows).toBeGreaterThanOrEqual(30_000);
    expect(res.batches).toBeGreaterThan(10);
    expect(res.idsFollowOldRows).toBe(true);
    const [n] = await conn.query<{ total: number; ids: number }>(
      'SELECT COUNT(*) AS total, COUNT(DISTINCT id) AS ids FROM queue_log',
    );
    expect(Number(n!.total)).toBe(30_000 + written);
    expect(Number(n!.ids)).toBe(Number(n!.total));
    // Old rows keep their order and come before every new row.
    const [o] = await conn.query<{ maxold: number; minnew: number; first: string }>(
      "SELECT MAX(CASE WHEN callid LIKE 'old.%' THEN id END) AS maxold, MIN(CASE WHEN callid LIKE 'new.%' THEN id END) AS minnew, (SELECT callid FROM queue_log ORDER BY id LIMIT 1) AS first FROM queue_log",
    );
    expect(Number(o!.maxold)).toBeLessThan(Number(o!.minnew));
    expect(o!.first).toBe('old.1');
    expect(await keyShape(conn, 'queue_log')).toEqual(await keyShape(conn, 'queue_log_plain'));
    expect(
      await conn.query(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '%voipdb%'",
      ),
    ).toEqual([]);
    expect((await addSerialPrimaryKey(conn, serialPkSpec('queue_log'))).alreadyDone).toBe(true);
  }, 120_000);

  it('adds a column to a big table with ALGORITHM=INSTANT, through voipdb online', async () => {
    ensureBuilt();
    await conn.exec('CREATE TABLE cdr (calldate DATETIME NOT NULL, src VARCHAR(80), dst VARCHAR(80)) ENGINE=InnoDB');
    await conn.exec("INSERT INTO cdr SELECT NOW(), CONCAT('s', seq), 'd' FROM seq_1_to_5000");
    const r = await runCli([
      'online',
      '--add-column',
      'cdr',
      '--definition',
      'peeraccount VARCHAR(80) NULL',
      '--url',
      db.url,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ table: 'cdr', algorithm: 'INSTANT' });
    expect((await addColumn(conn, 'cdr', 'peeraccount VARCHAR(80) NULL')).algorithm).toBe('present');
    const bad = await runCli(['online', '--add-column', 'cdr', '--url', db.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--add-column and --definition go together/);
  }, 60_000);
});
