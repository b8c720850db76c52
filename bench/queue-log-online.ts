// Benchmark: XiVO 14.08's `ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY` on a
// 5-million-row queue_log (PostgreSQL), the plain statement versus voipdb's online form, with a
// call-center writer inserting a row every 10 ms throughout. Printed for each: total time and the
// longest time one of the writer's INSERTs waited. Then voipdb estimate's predictions (measured
// on samples before either run, with the writer going, as on a live server), each against its
// own measurement: plain against plain, online form against online form.
// Goals: the online form's longest wait under 1 s; both estimates within 30% of the measured times.
//
//   node --import ./test/convert/support/ts-register.mjs bench/queue-log-online.ts
//   VOIPDB_BENCH_ROWS=500000 for a quick run; VOIPDB_TEST_PG names the server.

import { loadavg } from 'node:os';
import { connect } from '../src/db/connect.js';
import type { Connection } from '../src/db/connection.js';
import { parseTarget, withDatabase } from '../src/db/url.js';
import { estimate, type Prediction } from '../src/ops/estimate.js';
import { addSerialPrimaryKey, serialPkSpec } from '../src/ops/online.js';

const PG = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.VOIPDB_BENCH_ROWS ?? 5_000_000);
const PLAIN = 'ALTER TABLE queue_log_plain ADD COLUMN id SERIAL PRIMARY KEY';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Other jobs on a shared machine move timings more than anything measured here: shown with each.
const load = () => `load average ${loadavg()[0]!.toFixed(1)}`;

// XiVO's queue_log before 14.08 (datastorage/asterisk.sql), with its indexes.
const DDL = (t: string) => [
  `CREATE TABLE ${t} (time VARCHAR(26) DEFAULT ''::character varying NOT NULL, callid VARCHAR(32) DEFAULT ''::character varying NOT NULL,
     queuename VARCHAR(50) DEFAULT ''::character varying NOT NULL, agent VARCHAR(50) DEFAULT ''::character varying NOT NULL,
     event VARCHAR(20) DEFAULT ''::character varying NOT NULL, data1 VARCHAR(30) DEFAULT '', data2 VARCHAR(30) DEFAULT '',
     data3 VARCHAR(30) DEFAULT '', data4 VARCHAR(30) DEFAULT '', data5 VARCHAR(30) DEFAULT '')`,
  `CREATE INDEX ${t}__idx_time ON ${t} USING btree ("time")`,
  `CREATE INDEX ${t}__idx_callid ON ${t} USING btree (callid)`,
  `CREATE INDEX ${t}__idx_queuename ON ${t} USING btree (queuename)`,
  `CREATE INDEX ${t}__idx_event ON ${t} USING btree (event)`,
];

interface WriterStats {
  inserts: number;
  maxWaitMs: number;
  errors: number;
}

/** A call-center writer: one INSERT every 10 ms, each one timed. */
function startWriter(conn: Connection, table: string): { stop(): Promise<WriterStats> } {
  const stats: WriterStats = { inserts: 0, maxWaitMs: 0, errors: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await conn.execute(
          `INSERT INTO ${table} (time, callid, queuename, agent, event, data1) VALUES (to_char(now(), 'YYYY-MM-DD HH24:MI:SS.US'), ?, 'q1', 'Agent/1001', 'ENTERQUEUE', '1')`,
          [`w.${stats.inserts}`],
        );
        stats.inserts++;
      } catch {
        stats.errors++;
      }
      const waited = performance.now() - t0;
      stats.maxWaitMs = Math.max(stats.maxWaitMs, waited);
      await sleep(Math.max(0, 10 - waited));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return stats;
    },
  };
}

async function main(): Promise<void> {
  const name = `bench_ql_${Date.now().toString(36)}`;
  const adminTarget = parseTarget(PG);
  const admin = await connect(adminTarget);
  await admin.exec(`CREATE DATABASE ${name}`);
  const target = withDatabase(adminTarget, name);
  const conn = await connect(target);
  const writerConn = await connect(target);
  try {
    console.log(
      `queue_log: ${ROWS.toLocaleString('en')} rows (PostgreSQL ${(await conn.query<{ server_version: string }>('SHOW server_version'))[0]!.server_version})`,
    );
    let t0 = performance.now();
    const [tableDDL, ...indexDDL] = DDL('queue_log');
    const [plainDDL, ...plainIndexDDL] = DDL('queue_log_plain');
    await conn.exec(tableDDL!);
    await conn.exec(plainDDL!);
    await conn.exec(
      `INSERT INTO queue_log (time, callid, queuename, agent, event, data1, data2, data3)
       SELECT to_char(timestamp '2013-01-01' + g * interval '6 seconds', 'YYYY-MM-DD HH24:MI:SS.US'),
              (1388534400 + g / 7)::text || '.' || (g % 7), 'queue' || (g % 40), 'Agent/' || (1000 + g % 300),
              (ARRAY['ENTERQUEUE','CONNECT','COMPLETECALLER','COMPLETEAGENT','ABANDON','RINGNOANSWER'])[1 + g % 6],
              (g % 97)::text, (g % 31)::text, '1'
         FROM generate_series(1, ${ROWS}) g`,
    );
    await conn.exec('INSERT INTO queue_log_plain SELECT * FROM queue_log');
    for (const s of [...indexDDL, ...plainIndexDDL]) await conn.exec(s);
    await conn.exec('VACUUM ANALYZE queue_log');
    await conn.exec('VACUUM ANALYZE queue_log_plain');
    console.log(`setup: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    // Each timed run starts from a checkpoint, so that none pays for another's dirty pages.
    // 1. the prediction, before anything runs, taken as on a live server: with the writer going.
    await conn.exec('CHECKPOINT');
    let w = startWriter(writerConn, 'queue_log');
    t0 = performance.now();
    const est = await estimate(
      conn,
      [{ set: 'xivo', version: '14.08', statements: [PLAIN.replace('queue_log_plain', 'queue_log')] }],
      { online: true },
    );
    const estMs = performance.now() - t0;
    await w.stop();
    const { plain: ep, online: eo } = est.steps[0]! as Required<(typeof est.steps)[0]>;
    const line = (label: string, p: Prediction) =>
      `  ${label}: ${p.seconds.toFixed(1)} s (range ${p.low.toFixed(1)}–${p.high.toFixed(1)} s, spread ±${(p.spread * 100).toFixed(0)}%, fixed ${p.fixedMs.toFixed(0)} ms; samples ${p.samples.map((m) => `${m.rows}:${m.ms.toFixed(0)}`).join(' ')} rows:ms)`;
    console.log(`estimate (${(estMs / 1000).toFixed(1)} s to measure; ${load()})`);
    console.log(
      `${line('plain ALTER', ep)}\n    ${((ep.secondsPerMillionRows * 2.5) / 60).toFixed(2)} min per 2.5 million rows; XiVO's note: ~10`,
    );
    console.log(`${line('online form', eo)}\n`);

    // 2. the plain statement, writer running
    await conn.exec('CHECKPOINT');
    w = startWriter(writerConn, 'queue_log_plain');
    await sleep(500);
    t0 = performance.now();
    await conn.exec(PLAIN);
    const plainMs = performance.now() - t0;
    const plainLoad = load();
    await sleep(500);
    const plainW = await w.stop();

    // 3. the online form, writer running
    await conn.exec('CHECKPOINT');
    w = startWriter(writerConn, 'queue_log');
    await sleep(500);
    t0 = performance.now();
    const r = await addSerialPrimaryKey(conn, serialPkSpec('queue_log'));
    const onlineMs = performance.now() - t0;
    const onlineLoad = load();
    await sleep(500);
    const onlineW = await w.stop();

    const row = (label: string, ms: number, ws: WriterStats) =>
      `${label.padEnd(28)}${(ms / 1000).toFixed(1).padStart(8)} s${(ws.maxWaitMs / 1000).toFixed(3).padStart(14)} s${String(ws.inserts).padStart(10)}${String(ws.errors).padStart(8)}`;
    console.log(
      `${''.padEnd(28)}${'total'.padStart(10)}${'longest wait'.padStart(16)}${'inserts'.padStart(10)}${'errors'.padStart(8)}`,
    );
    console.log(`${row('plain ALTER (anchor)', plainMs, plainW)}  (${plainLoad})`);
    console.log(`${row('voipdb online form', onlineMs, onlineW)}  (${onlineLoad})`);
    console.log(
      `\nlongest writer wait, online / plain: ${(onlineW.maxWaitMs / plainW.maxWaitMs).toFixed(4)}x  (goal: online under 1 s: ${onlineW.maxWaitMs < 1000 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `online phases: ${Object.entries(r.phases)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
        .join(', ')}; ${r.batches} batches, ${r.lockRetries} lock retries`,
    );
    // Each prediction against its own measurement: the plain one against the plain ALTER, the online one against the online form.
    const vs = (label: string, p: Prediction, ms: number) => {
      const err = (p.seconds * 1000 - ms) / ms;
      const inRange = ms >= p.low * 1000 && ms <= p.high * 1000;
      console.log(
        `  ${label.padEnd(12)} ${p.seconds.toFixed(1)} s vs ${(ms / 1000).toFixed(1)} s measured (${err >= 0 ? '+' : ''}${(err * 100).toFixed(0)}%; measured ${inRange ? 'inside' : 'outside'} the range ${p.low.toFixed(1)}–${p.high.toFixed(1)} s)`,
      );
      return Math.abs(err) <= 0.3;
    };
    console.log('estimate vs measured:');
    const ok = [vs('plain ALTER', ep, plainMs), vs('online form', eo, onlineMs)];
    console.log(`  goal, both within 30%: ${ok.every(Boolean) ? 'met' : 'NOT met'}`);
  } finally {
    await writerConn.close();
    await conn.close();
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
