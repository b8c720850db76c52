// Benchmark: `voipdb init --pack ominis` (FreeSWITCH core + mod_callcenter + Ominis: 19 tables,
// 2 views, 57 indexes, 4 triggers, seed rows) on PostgreSQL, side by side with the document's way —
// one SQL script piped to psql, as its Helm init job does (`psql $DB_DSN < init-schema.sql`) —
// using the very statements voipdb runs (`voipdb sql`, history writes included).
// Two cases: a fresh database, and running again on a built one (migrate.py's "safe to run again").
//
//   node --import ./test/convert/support/ts-register.mjs bench/ominis-init.ts
//   VOIPDB_BENCH_RUNS=20 (default 10); VOIPDB_TEST_PG: the server (default as the tests).

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from '../src/db/connect.js';
import { parseTarget, targetUrl, withDatabase } from '../src/db/url.js';
import { renderSql, upgrade } from '../src/engine/index.js';
import { ominisPack } from '../src/packs/ominis/index.js';

const run = promisify(execFile);
const PG = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.VOIPDB_BENCH_RUNS ?? 10);

const admin = await connect(parseTarget(PG));
const script = join(mkdtempSync(join(tmpdir(), 'voipdb-bench-')), 'ominis.sql');
writeFileSync(script, await renderSql(await ominisPack.sets(), 'postgres'));

async function freshDatabase(name: string): Promise<string> {
  await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${name}`);
  return targetUrl(withDatabase(parseTarget(PG), name));
}

async function timeVoipdb(url: string): Promise<number> {
  const t0 = performance.now();
  const conn = await connect(parseTarget(url)); // connecting is part of what a run costs
  await upgrade(conn, await ominisPack.sets());
  await conn.close();
  return performance.now() - t0;
}

async function timePsql(url: string): Promise<number> {
  const t0 = performance.now();
  await run('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', script]);
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, { voipdb: number[]; psql: number[] }> = {
  fresh: { voipdb: [], psql: [] },
  again: { voipdb: [], psql: [] },
};

for (let i = 0; i < RUNS; i++) {
  const a = await freshDatabase('voipdb_bench_ominis_a');
  results.fresh!.voipdb.push(await timeVoipdb(a));
  results.again!.voipdb.push(await timeVoipdb(a));
  const b = await freshDatabase('voipdb_bench_ominis_b');
  results.fresh!.psql.push(await timePsql(b));
  results.again!.psql.push(await timePsql(b));
}
await admin.exec('DROP DATABASE IF EXISTS voipdb_bench_ominis_a WITH (FORCE)');
await admin.exec('DROP DATABASE IF EXISTS voipdb_bench_ominis_b WITH (FORCE)');
await admin.close();

console.log(`ominis init on PostgreSQL, median of ${RUNS} runs (ms)`);
console.log('case        voipdb   psql -f script   ratio voipdb/psql');
for (const [name, r] of Object.entries(results)) {
  const v = median(r.voipdb);
  const p = median(r.psql);
  console.log(`${name.padEnd(10)}  ${v.toFixed(1).padStart(6)}   ${p.toFixed(1).padStart(14)}   ${(v / p).toFixed(2)}`);
}
