// Benchmark: `voipdb replicate` (one-shot sync) of a database with one million rows, against
// XiVO's own way, the xivo-master-slave-db-replication script: `pg_dump --data-only` of the
// master piped into `psql` on the standby, framed as XiVO frames it
// (SET session_replication_role = replica; BEGIN; TRUNCATE ...; <dump>; COMMIT).
// Same tables, same standby, each run three times; medians and their ratio printed (goal ≤ 1×).
//
//   node --import ./test/convert/support/ts-register.mjs bench/replicate.ts
//   VOIPDB_BENCH_ROWS=100000 for a quick run; VOIPDB_TEST_PG names the server.

import { spawn } from 'node:child_process';
import { connect } from '../src/db/connect.js';
import type { Connection } from '../src/db/connection.js';
import { parseTarget, withDatabase, type Target } from '../src/db/url.js';
import { replicate } from '../src/ops/replicate.js';
import { pgTool } from '../src/ops/tools.js';

const PG = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.VOIPDB_BENCH_ROWS ?? 1_000_000);
const RUNS = 3;

// A XiVO-like configuration database: users and lines (with a foreign key), extensions, and a
// wide event table (CEL), holding ROWS rows between them.
const SCHEMA = [
  `CREATE TABLE userfeatures (id SERIAL PRIMARY KEY, uuid VARCHAR(38) NOT NULL, firstname VARCHAR(128) NOT NULL DEFAULT '', lastname VARCHAR(128) NOT NULL DEFAULT '',
     email VARCHAR(128), enableclient INTEGER NOT NULL DEFAULT 1, ringseconds INTEGER NOT NULL DEFAULT 30, description TEXT NOT NULL DEFAULT '', created TIMESTAMP NOT NULL DEFAULT now())`,
  `CREATE TABLE linefeatures (id SERIAL PRIMARY KEY, user_id INTEGER REFERENCES userfeatures(id), name VARCHAR(128) NOT NULL, context VARCHAR(39) NOT NULL,
     number VARCHAR(40), provisioningid INTEGER NOT NULL, commented INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE extensions (id SERIAL PRIMARY KEY, commented INTEGER NOT NULL DEFAULT 0, context VARCHAR(39) NOT NULL DEFAULT '', exten VARCHAR(40) NOT NULL DEFAULT '',
     type VARCHAR(20) NOT NULL, typeval VARCHAR(255) NOT NULL DEFAULT '')`,
  `CREATE UNIQUE INDEX extensions__uidx__exten_context ON extensions (exten, context)`,
  `CREATE TABLE cel (id SERIAL PRIMARY KEY, eventtype VARCHAR(30) NOT NULL, eventtime TIMESTAMP NOT NULL, userdeftype VARCHAR(255) NOT NULL, cid_name VARCHAR(80) NOT NULL,
     cid_num VARCHAR(80) NOT NULL, exten VARCHAR(80) NOT NULL, context VARCHAR(80) NOT NULL, channame VARCHAR(80) NOT NULL, uniqueid VARCHAR(150) NOT NULL,
     linkedid VARCHAR(150) NOT NULL, extra TEXT)`,
  `CREATE INDEX cel__idx__uniqueid ON cel (uniqueid)`,
];
const TABLES = ['userfeatures', 'linefeatures', 'extensions', 'cel'];

async function fill(c: Connection): Promise<void> {
  const n = (f: number) => Math.round(ROWS * f);
  await c.exec(`INSERT INTO userfeatures (uuid, firstname, lastname, email, enableclient, description)
    SELECT md5(g::text), 'First' || g, 'Last ''' || g, 'u' || g || '@example.com', g % 2, repeat('x', g % 50) FROM generate_series(1, ${n(0.2)}) g`);
  await c.exec(`INSERT INTO linefeatures (user_id, name, context, number, provisioningid)
    SELECT g, 'line' || g, 'default', (100000 + g)::text, 100000 + g FROM generate_series(1, ${n(0.2)}) g`);
  await c.exec(`INSERT INTO extensions (context, exten, type, typeval)
    SELECT 'ctx' || (g % 50), (200000 + g)::text, 'user', g::text FROM generate_series(1, ${n(0.2)}) g`);
  await c.exec(`INSERT INTO cel (eventtype, eventtime, userdeftype, cid_name, cid_num, exten, context, channame, uniqueid, linkedid, extra)
    SELECT 'CHAN_START', timestamp '2014-01-01' + g * interval '1 second', '', 'Caller ' || g, (g % 9999)::text, (g % 900)::text, 'default',
           'SIP/abc-' || g, '1388534400.' || g, '1388534400.' || (g - g % 3), CASE WHEN g % 5 = 0 THEN '{"k": ' || g || '}' END
      FROM generate_series(1, ${n(0.4)}) g`);
}

/** XiVO's replication: pg_dump --data-only | psql, in one transaction on the standby. */
function xivoScript(master: Target, standby: Target): Promise<void> {
  const dump = pgTool('pg_dump', master, ['--data-only', '--schema=public', ...TABLES.flatMap((t) => ['-t', t])]);
  const psql = pgTool('psql', standby, ['-v', 'ON_ERROR_STOP=1', '-q']);
  const q = (a: string[]) => a.map((x) => `'${x.replace(/'/g, `'\\''`)}'`).join(' ');
  const pre = `SET session_replication_role = replica; BEGIN; TRUNCATE ${TABLES.join(', ')};`;
  const script = `{ echo ${q([pre])}; ${dump.cmd} ${q(dump.args)}; echo 'COMMIT;'; } | ${psql.cmd} ${q(psql.args)} > /dev/null`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], {
      env: { ...process.env, ...dump.env, ...psql.env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump | psql exited ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function counts(c: Connection): Promise<string> {
  const out: string[] = [];
  for (const t of TABLES)
    out.push(`${t}=${(await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`))[0]!.n}`);
  return out.join(' ');
}

async function main(): Promise<void> {
  const admin = await connect(parseTarget(PG));
  const stamp = Date.now().toString(36);
  const [mName, sName] = [`bench_repm_${stamp}`, `bench_reps_${stamp}`];
  await admin.exec(`CREATE DATABASE ${mName}`);
  await admin.exec(`CREATE DATABASE ${sName}`);
  const [mt, st] = [withDatabase(parseTarget(PG), mName), withDatabase(parseTarget(PG), sName)];
  const master = await connect(mt);
  const standby = await connect(st);
  try {
    for (const s of SCHEMA) {
      await master.exec(s);
      await standby.exec(s);
    }
    await fill(master);
    await master.exec('VACUUM ANALYZE');
    const want = await counts(master);
    console.log(`master: ${want} (${ROWS.toLocaleString('en')} rows)\n`);

    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // alternate, so that neither always runs on a warmer cache
      let t0 = performance.now();
      await xivoScript(mt, st);
      theirs.push(performance.now() - t0);
      if ((await counts(standby)) !== want) throw new Error('pg_dump | psql left other rows');
      await standby.exec('CHECKPOINT');
      t0 = performance.now();
      const r = await replicate(master, standby, { excludeGroups: [] });
      ours.push(performance.now() - t0);
      if ((await counts(standby)) !== want || r.rows !== ROWS) throw new Error('replicate left other rows');
      await standby.exec('CHECKPOINT');
    }
    const [o, t] = [median(ours), median(theirs)];
    console.log(`${''.padEnd(34)}${'median'.padStart(10)}   runs`);
    console.log(
      `${'voipdb replicate'.padEnd(34)}${(o / 1000).toFixed(2).padStart(8)} s   ${ours.map((x) => (x / 1000).toFixed(2)).join(', ')}`,
    );
    console.log(
      `${'pg_dump | psql (XiVO HA script)'.padEnd(34)}${(t / 1000).toFixed(2).padStart(8)} s   ${theirs.map((x) => (x / 1000).toFixed(2)).join(', ')}`,
    );
    console.log(
      `\nratio voipdb / pg_dump|psql: ${(o / t).toFixed(2)}x  (goal ≤ 1x: ${o <= t ? 'met' : 'NOT met'}); ${Math.round(ROWS / (o / 1000)).toLocaleString('en')} rows/s`,
    );
  } finally {
    await master.close();
    await standby.close();
    await admin.exec(`DROP DATABASE IF EXISTS ${mName} WITH (FORCE)`);
    await admin.exec(`DROP DATABASE IF EXISTS ${sName} WITH (FORCE)`);
    await admin.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
