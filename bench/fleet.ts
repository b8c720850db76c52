// Benchmark: a hosted-PBX fleet upgraded with the Asterisk pack — 1,000 SQLite and 100
// PostgreSQL tenant databases, all empty — by one `voipdb fleet upgrade`, against the two ways
// it is done today: a shell loop of Asterisk's own `alembic upgrade head` (one per set, as
// contrib/ast-db-manage documents) per database, and a loop of one `voipdb upgrade` process per
// database. The loops are timed on a sample of the tenants and scaled to the fleet (at a few
// seconds a database, the alembic loop over 1,100 would take hours); the fleet runs whole.
// Asterisk's alembic cannot upgrade SQLite (its revisions ALTER COLUMN), so its per-database
// time is measured on PostgreSQL and charged to every tenant. Peak memory is the fleet
// process's highest RSS (GNU time's maximum resident set size).
//
//   npm run bench:fleet
//   VOIPDB_BENCH_SQLITE=1000 VOIPDB_BENCH_PG=100 (fleet size), VOIPDB_BENCH_SAMPLE=8 (loop sample
//   per kind), VOIPDB_BENCH_PARALLEL=8, VOIPDB_TEST_PG: the server.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from '../src/db/connect.js';
import { parseTarget } from '../src/db/url.js';
import { alembicAvailable, asteriskTree, runAlembic, ASTERISK_SETS } from '../test/asterisk/alembic.js';

const N_SQLITE = Number(process.env.VOIPDB_BENCH_SQLITE ?? 1000);
const N_PG = Number(process.env.VOIPDB_BENCH_PG ?? 100);
const SAMPLE = Number(process.env.VOIPDB_BENCH_SAMPLE ?? 8);
const PARALLEL = process.env.VOIPDB_BENCH_PARALLEL ?? '8';
const PG_ADMIN = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BIN = resolve('bin/voipdb.js');

if (!alembicAvailable() || !asteriskTree()) {
  console.error(
    'needs python3-alembic (with psycopg2) and an Asterisk tree: set VOIPDB_ASTERISK_TREE to contrib/ast-db-manage',
  );
  process.exit(2);
}
spawnSync('npm', ['run', 'build'], { stdio: 'ignore' });

const prefix = `vbfleet_${Date.now().toString(36)}`;
const work = mkdtempSync(join(tmpdir(), 'voipdb-bench-fleet-'));
const pgUrl = (db: string) => PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${db}$1`);

async function createPg(names: string[]): Promise<void> {
  const admin = await connect(parseTarget(PG_ADMIN));
  for (const n of names) await admin.exec(`CREATE DATABASE "${n}"`);
  await admin.close();
}

async function dropPg(like: string): Promise<void> {
  const admin = await connect(parseTarget(PG_ADMIN));
  const rows = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE ?', [like]);
  for (const r of rows) await admin.exec(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await admin.close();
}

function sqliteFiles(dir: string, n: number): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const f = join(dir, `tenant_${String(i).padStart(4, '0')}.db`);
    writeFileSync(f, '');
    return f;
  });
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function voipdb(args: string[]): void {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`voipdb ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

try {
  // The loops, on a sample.
  const loopSqlite = sqliteFiles(join(work, 'loop'), SAMPLE);
  const loopPg = Array.from({ length: SAMPLE }, (_, i) => `${prefix}_loop_v${i}`);
  const alembicPg = Array.from({ length: SAMPLE }, (_, i) => `${prefix}_loop_a${i}`);
  await createPg([...loopPg, ...alembicPg]);
  const alembicMs = alembicPg.map((db) =>
    timed(() => ASTERISK_SETS.forEach((set) => runAlembic(set, pgUrl(db), ['upgrade', 'head']))),
  );
  const voipdbSqliteMs = loopSqlite.map((f) => timed(() => voipdb(['upgrade', '-p', 'asterisk', '-u', `sqlite:${f}`])));
  const voipdbPgMs = loopPg.map((db) => timed(() => voipdb(['upgrade', '-p', 'asterisk', '-u', pgUrl(db)])));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const alembicLoop = mean(alembicMs) * (N_SQLITE + N_PG);
  const voipdbLoop = mean(voipdbSqliteMs) * N_SQLITE + mean(voipdbPgMs) * N_PG;

  // The fleet, whole.
  sqliteFiles(join(work, 'fleet'), N_SQLITE);
  await createPg(Array.from({ length: N_PG }, (_, i) => `${prefix}_f${String(i).padStart(3, '0')}`));
  const server = PG_ADMIN.replace(/\/[^/?]*(\?|$)/, '/postgres$1');
  const args = [
    BIN,
    'fleet',
    'upgrade',
    '-p',
    'asterisk',
    '--sqlite',
    join(work, 'fleet', '*.db'),
    '--server',
    server,
    '--databases',
    `${prefix}\\_f%`,
  ];
  let fleetMs = 0;
  let peakKb = 0;
  let code: number | null = null;
  fleetMs = timed(() => {
    const r = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, ...args, '--parallel', PARALLEL, '--record', join(work, 'run.jsonl')],
      {
        cwd: work,
        encoding: 'utf8',
      },
    );
    code = r.status;
    peakKb = Number(r.stderr.trim().split('\n').at(-1));
  });
  if (code !== 0) throw new Error(`fleet exited ${code}`);

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`fleet of ${N_SQLITE} SQLite + ${N_PG} PostgreSQL tenants, Asterisk pack (4 sets), empty databases`);
  console.log(
    `  alembic loop (4 × alembic upgrade head per db): ${s(mean(alembicMs))}/db on PostgreSQL (sample ${SAMPLE}) → ${s(alembicLoop)} for the fleet`,
  );
  console.log(
    `  voipdb loop (1 process per db): ${s(mean(voipdbSqliteMs))}/SQLite db, ${s(mean(voipdbPgMs))}/PostgreSQL db (sample ${SAMPLE} each) → ${s(voipdbLoop)}`,
  );
  console.log(
    `  voipdb fleet upgrade --parallel ${PARALLEL}: ${s(fleetMs)}, peak RSS ${(peakKb / 1024).toFixed(0)} MB`,
  );
  console.log(
    `  fleet vs alembic loop: ${(alembicLoop / fleetMs).toFixed(1)}× faster (goal ≥ 20×); vs voipdb loop: ${(voipdbLoop / fleetMs).toFixed(1)}×`,
  );
} finally {
  await dropPg(`${prefix}%`);
}
