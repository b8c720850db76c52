// Benchmark: `upgrade head` of Asterisk's `config` set (131 revisions, 26 tables) on an empty
// database, voipdb side by side with Asterisk's own `alembic -c config.ini upgrade head`
// (Debian's python3-alembic on a fetched Asterisk tree), on PostgreSQL and MariaDB.
// Runs alternate between the two tools; the median of each is printed with the ratio
// (goal: voipdb at most 0.25x alembic's wall time). alembic's time is the whole command, as an
// admin runs it; voipdb's is connect + upgrade + close in this process. A third column shows the
// floor under the same server: voipdb's offline script (`voipdb sql`) sent in one round trip.
//
//   node --import ./test/convert/support/ts-register.mjs bench/asterisk-config.ts
//   VOIPDB_ASTERISK_TREE=.../contrib/ast-db-manage (default: an export of the fetched mirror)
//   VOIPDB_BENCH_RUNS=5 (default 3); VOIPDB_TEST_PG / VOIPDB_TEST_MYSQL: the servers.

import { connect } from '../src/db/connect.js';
import { parseTarget } from '../src/db/url.js';
import { renderSql, upgrade } from '../src/engine/index.js';
import type { ScriptSet } from '../src/engine/types.js';
import { asteriskPack } from '../src/packs/asterisk/index.js';
import { alembicAvailable, asteriskTree, runAlembic } from '../test/asterisk/alembic.js';

const RUNS = Number(process.env.VOIPDB_BENCH_RUNS ?? 3);
const SERVERS = [
  { name: 'PostgreSQL', admin: process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
  { name: 'MariaDB', admin: process.env.VOIPDB_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test' },
];

if (!alembicAvailable() || !asteriskTree()) {
  console.error(
    'needs python3-alembic (with psycopg2 and pymysql) and an Asterisk tree: set VOIPDB_ASTERISK_TREE to contrib/ast-db-manage',
  );
  process.exit(2);
}
const config = (asteriskPack.sets() as ScriptSet[]).find((s) => s.name === 'asterisk/config')!;

async function freshDatabase(adminUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = await connect(parseTarget(adminUrl));
  const pg = admin.dialect === 'postgres';
  const q = (n: string) => (pg ? `"${n}"` : `\`${n}\``);
  await admin.exec(`DROP DATABASE IF EXISTS ${q(name)}`);
  await admin.exec(`CREATE DATABASE ${q(name)}`);
  await admin.close();
  const url = adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  return {
    url,
    drop: async () => {
      const a = await connect(parseTarget(adminUrl));
      await a.exec(`DROP DATABASE IF EXISTS ${q(name)}${pg ? ' WITH (FORCE)' : ''}`);
      await a.close();
    },
  };
}

async function timeVoipdb(url: string): Promise<number> {
  const t0 = performance.now();
  const conn = await connect(parseTarget(url));
  try {
    await upgrade(conn, [config]);
  } finally {
    await conn.close();
  }
  return performance.now() - t0;
}

async function timeScript(url: string): Promise<number> {
  const t0 = performance.now();
  const conn = await connect(parseTarget(url));
  try {
    await conn.exec(await renderSql([config], conn.dialect));
  } finally {
    await conn.close();
  }
  return performance.now() - t0;
}

function timeAlembic(url: string): number {
  const t0 = performance.now();
  runAlembic('config', url, ['upgrade', 'head']);
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: string[][] = [];
for (const s of SERVERS) {
  const v: number[] = [];
  const a: number[] = [];
  const sq: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dv = await freshDatabase(s.admin, `voipdb_bench_ast_v${i}`);
    v.push(await timeVoipdb(dv.url));
    await dv.drop();
    const da = await freshDatabase(s.admin, `voipdb_bench_ast_a${i}`);
    a.push(timeAlembic(da.url));
    await da.drop();
    const ds = await freshDatabase(s.admin, `voipdb_bench_ast_s${i}`);
    sq.push(await timeScript(ds.url));
    await ds.drop();
  }
  const mv = median(v);
  const ma = median(a);
  rows.push([
    s.name,
    `${mv.toFixed(0)} ms`,
    `${ma.toFixed(0)} ms`,
    `${(mv / ma).toFixed(2)}x`,
    mv / ma <= 0.25 ? 'yes' : 'no',
    `${median(sq).toFixed(0)} ms`,
  ]);
  console.error(
    `${s.name}: voipdb ${v.map((x) => x.toFixed(0)).join(', ')} ms; alembic ${a.map((x) => x.toFixed(0)).join(', ')} ms; script ${sq.map((x) => x.toFixed(0)).join(', ')} ms`,
  );
}

const head = ['config upgrade head', 'voipdb', 'alembic', 'ratio', '<= 0.25x', 'voipdb sql, one round trip'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
