// Benchmark: an upgrade that alters a table taking writes all the time (cdr), while a reader holds a
// long transaction on it — on PostgreSQL and MariaDB. Without a lock timeout the ALTER waits for the
// reader and every writer queues behind the ALTER for as long as the reader runs; with voipdb's DDL
// lock timeout (--ddl-lock-timeout 0.5) the ALTER gives way and retries, and writers go on. Printed:
// the writer's longest wait in each case and their ratio. Then MariaDB's queue_log key (XiVO's
// ADD COLUMN id ... PRIMARY KEY) on ROWS rows with the writer going: the plain statement against
// `voipdb online --add-primary-key`. Goal: the writer's longest wait under 1 s with voipdb.
//
//   npm run bench:busy-table         (VOIPDB_BENCH_ROWS=5000000 by default; 500000 for a quick run)
//   VOIPDB_TEST_PG / VOIPDB_TEST_MYSQL name the servers.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/db/connect.js';
import type { Connection } from '../src/db/connection.js';
import { parseTarget } from '../src/db/url.js';

const PG = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const MY = process.env.VOIPDB_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
const ROWS = Number(process.env.VOIPDB_BENCH_ROWS ?? 5_000_000);
const READER_MS = 6_000;
const BIN = join(import.meta.dirname, '..', 'bin', 'voipdb.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;

interface Writer {
  stop(): Promise<{ inserts: number; maxWaitMs: number; errors: number }>;
}

/** A call-center writer: one INSERT every 10 ms, each timed. */
function startWriter(conn: Connection, sql: string): Writer {
  const s = { inserts: 0, maxWaitMs: 0, errors: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await conn.execute(sql, [`c${s.inserts}`]);
        s.inserts++;
      } catch {
        s.errors++;
      }
      s.maxWaitMs = Math.max(s.maxWaitMs, performance.now() - t0);
      await sleep(10);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return s;
    },
  };
}

/** The voipdb command as a user runs it (a child process: the writer here keeps its event loop). */
function voipdb(args: string[]): Promise<{ code: number | null; ms: number; err: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) =>
    child.on('close', (code) =>
      resolve({ code, ms: performance.now() - t0, err: err.trim().split('\n').at(-1) ?? '' }),
    ),
  );
}

async function freshDb(admin: string, name: string): Promise<string> {
  const c = await connect(parseTarget(admin));
  const q = admin.startsWith('mysql') ? '`' : '"';
  await c.exec(`DROP DATABASE IF EXISTS ${q}${name}${q}`);
  await c.exec(`CREATE DATABASE ${q}${name}${q}`);
  await c.close();
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

/** One run: reader holds a transaction on cdr for READER_MS while voipdb upgrade alters cdr. */
async function alterBehindReader(
  url: string,
  dir: string,
  ddlTimeout: string,
): Promise<{ maxWaitMs: number; upgradeMs: number; code: number | null }> {
  const reader = await connect(parseTarget(url));
  const writerConn = await connect(parseTarget(url));
  await reader.exec(url.startsWith('mysql') ? 'START TRANSACTION' : 'BEGIN');
  await reader.query('SELECT COUNT(*) AS n FROM cdr');
  const writer = startWriter(
    writerConn,
    "INSERT INTO cdr (calldate, src, dst) VALUES ('2026-01-01 10:00:00', ?, '100')",
  );
  await sleep(300);
  const ends = sleep(READER_MS).then(() => reader.exec('ROLLBACK'));
  const r = await voipdb([
    'upgrade',
    '--dir',
    dir,
    '--url',
    url,
    '--ddl-lock-timeout',
    ddlTimeout,
    '--ddl-retries',
    '30',
  ]);
  await ends;
  await sleep(300);
  const w = await writer.stop();
  await reader.close();
  await writerConn.close();
  if (r.code !== 0) console.log(`  upgrade exit ${r.code}: ${r.err}`);
  return { maxWaitMs: w.maxWaitMs, upgradeMs: r.ms, code: r.code };
}

async function lockTimeoutBench(admin: string, label: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-bench-busy-'));
  writeFileSync(
    join(dir, 'V1__cdr.sql'),
    'CREATE TABLE cdr (calldate TIMESTAMP NOT NULL, src VARCHAR(80), dst VARCHAR(80));\n',
  );
  const v2 = join(dir, 'V2__cdr_peer.sql');
  const out: Record<string, Awaited<ReturnType<typeof alterBehindReader>>> = {};
  for (const [name, timeout] of [
    ['no lock timeout', '0'],
    ['voipdb --ddl-lock-timeout 0.5', '0.5'],
  ] as const) {
    const url = await freshDb(admin, `voipdb_bench_busy_${label}`);
    // V1 first: the table exists and takes writes before the ALTER comes.
    rmSync(v2, { force: true });
    if ((await voipdb(['upgrade', '--dir', dir, '--url', url])).code !== 0) throw new Error('setup failed');
    writeFileSync(v2, 'ALTER TABLE cdr ADD COLUMN peeraccount VARCHAR(80);\n');
    out[name] = await alterBehindReader(url, dir, timeout);
  }
  rmSync(dir, { recursive: true, force: true });
  const plain = out['no lock timeout']!;
  const ours = out['voipdb --ddl-lock-timeout 0.5']!;
  console.log(
    `${label}: ALTER TABLE cdr behind a ${READER_MS / 1000} s reader, writer inserting every 10 ms (${load()})`,
  );
  console.log(
    `  no lock timeout:            writer's longest wait ${plain.maxWaitMs.toFixed(0)} ms, upgrade ${plain.upgradeMs.toFixed(0)} ms`,
  );
  console.log(
    `  --ddl-lock-timeout 0.5:     writer's longest wait ${ours.maxWaitMs.toFixed(0)} ms, upgrade ${ours.upgradeMs.toFixed(0)} ms`,
  );
  console.log(
    `  ratio (voipdb / without):   ${(ours.maxWaitMs / plain.maxWaitMs).toFixed(3)}×  goal < 1000 ms: ${ours.maxWaitMs < 1000 ? 'met' : 'NOT met'}`,
  );
}

async function queueLogBench(): Promise<void> {
  const url = await freshDb(MY, 'voipdb_bench_qlog');
  const c = await connect(parseTarget(url));
  const ddl = (t: string) =>
    `CREATE TABLE ${t} (time VARCHAR(26) DEFAULT '' NOT NULL, callid VARCHAR(32) DEFAULT '' NOT NULL, queuename VARCHAR(50) DEFAULT '' NOT NULL,
       agent VARCHAR(50) DEFAULT '' NOT NULL, event VARCHAR(20) DEFAULT '' NOT NULL, data1 VARCHAR(30) DEFAULT '', data2 VARCHAR(30) DEFAULT '',
       data3 VARCHAR(30) DEFAULT '', data4 VARCHAR(30) DEFAULT '', data5 VARCHAR(30) DEFAULT '', KEY ${t}__idx_time (time), KEY ${t}__idx_callid (callid)) ENGINE=InnoDB`;
  const t0 = performance.now();
  for (const t of ['queue_log_plain', 'queue_log']) {
    await c.exec(ddl(t));
    for (let done = 0; done < ROWS; done += 500_000) {
      const n = Math.min(500_000, ROWS - done);
      await c.exec(
        `INSERT INTO ${t} (time, callid, queuename, agent, event, data1) SELECT DATE_FORMAT(TIMESTAMP '2014-01-01 00:00:00' + INTERVAL (seq + ${done}) SECOND, '%Y-%m-%d %H:%i:%s.%f'),
           CONCAT('old.', seq + ${done}), CONCAT('q', seq % 5), CONCAT('Agent/', seq % 40), 'ENTERQUEUE', seq FROM seq_1_to_${n}`,
      );
    }
  }
  console.log(
    `MariaDB queue_log key on ${ROWS} rows (filled in ${((performance.now() - t0) / 1000).toFixed(0)} s), writer inserting every 10 ms (${load()})`,
  );
  const w = await connect(parseTarget(url));
  const run = async (table: string, fn: () => Promise<unknown>) => {
    const writer = startWriter(
      w,
      `INSERT INTO ${table} (time, callid, queuename, agent, event) VALUES ('2014-09-01 10:00:00', ?, 'q1', 'Agent/1', 'CONNECT')`,
    );
    await sleep(200);
    const s = performance.now();
    await fn();
    const ms = performance.now() - s;
    await sleep(200);
    return { ms, ...(await writer.stop()) };
  };
  const plain = await run('queue_log_plain', () =>
    c.exec('ALTER TABLE queue_log_plain ADD COLUMN id INT NOT NULL AUTO_INCREMENT PRIMARY KEY'),
  );
  const online = await run('queue_log', async () => {
    const r = await voipdb(['online', '--add-primary-key', 'queue_log', '--url', url]);
    if (r.code !== 0) throw new Error(`voipdb online failed: ${r.err}`);
  });
  console.log(
    `  plain ALTER:                ${(plain.ms / 1000).toFixed(1)} s, writer's longest wait ${plain.maxWaitMs.toFixed(0)} ms (${plain.inserts} inserts)`,
  );
  console.log(
    `  voipdb online:              ${(online.ms / 1000).toFixed(1)} s, writer's longest wait ${online.maxWaitMs.toFixed(0)} ms (${online.inserts} inserts)`,
  );
  console.log(
    `  ratio of longest waits:     ${(online.maxWaitMs / plain.maxWaitMs).toFixed(3)}×  goal < 1000 ms: ${online.maxWaitMs < 1000 ? 'met' : 'NOT met'}`,
  );
  await w.close();
  await c.close();
  const a = await connect(parseTarget(MY));
  await a.exec('DROP DATABASE voipdb_bench_qlog');
  await a.close();
}

// VOIPDB_BENCH_ONLY=queue-log runs the last part alone.
if (process.env.VOIPDB_BENCH_ONLY !== 'queue-log') {
  await lockTimeoutBench(PG, 'postgres');
  await lockTimeoutBench(MY, 'mariadb');
}
await queueLogBench();
for (const admin of [PG, MY]) {
  const a = await connect(parseTarget(admin));
  const q = admin.startsWith('mysql') ? '`' : '"';
  await a.exec(
    `DROP DATABASE IF EXISTS ${q}voipdb_bench_busy_${admin.startsWith('mysql') ? 'mariadb' : 'postgres'}${q}`,
  );
  await a.close();
}
