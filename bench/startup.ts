// Benchmark: a short command's whole process, as an admin's monitoring runs it every minute.
// On a PostgreSQL database holding Asterisk's `config` set at head, side by side in one run and
// alternating: `voipdb check` against Asterisk's own `alembic current` (Debian's python3-alembic
// on the fetched Asterisk tree), `voipdb status`, `voipdb --version` and `--help`, and `node -e 0`
// (the runtime's own start, the part no change to voipdb can remove).
// Goals: check ≤ 0.25 s and ≤ 0.35× alembic current; status ≤ 0.2 s; --version, --help ≤ 0.1 s.
//
//   npm run bench:startup              (VOIPDB_BENCH_RUNS=11 by default; the median is printed)
//   VOIPDB_TEST_PG: the server's admin URL; VOIPDB_ASTERISK_TREE: contrib/ast-db-manage
//   VOIPDB_BENCH_NODE: another node binary to run voipdb with (e.g. Node 22 or 24)
//   VOIPDB_BENCH_BIN: another voipdb entry point (e.g. an older build's bin/voipdb.js, for before/after)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/db/connect.js';
import { parseTarget } from '../src/db/url.js';
import { alembicAvailable, asteriskTree, sqlalchemyUrl } from '../test/asterisk/alembic.js';

const RUNS = Number(process.env.VOIPDB_BENCH_RUNS ?? 11);
const PG_ADMIN = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const NODE = process.env.VOIPDB_BENCH_NODE ?? process.execPath;
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = process.env.VOIPDB_BENCH_BIN ?? join(ROOT, 'bin/voipdb.js');
const PYTHON = process.env.VOIPDB_ALEMBIC_PYTHON ?? '/usr/bin/python3';

const tree = alembicAvailable() ? asteriskTree() : null;
if (!tree) {
  console.error(
    'needs python3-alembic (with psycopg2) and an Asterisk tree: set VOIPDB_ASTERISK_TREE to contrib/ast-db-manage',
  );
  process.exit(2);
}

function run(cmd: string, args: string[], cwd = ROOT): { ms: number; out: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return { ms, out: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const name = `vb_start_${Date.now().toString(36)}`;
const admin = await connect(parseTarget(PG_ADMIN));
await admin.exec(`CREATE DATABASE "${name}"`);
await admin.close();
const url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
const ini = join(mkdtempSync(join(tmpdir(), 'voipdb-ini-')), 'config.ini');
writeFileSync(ini, `[alembic]\nscript_location = config\nsqlalchemy.url = ${sqlalchemyUrl(url)}\n`);

const voipdb = (...args: string[]) => [NODE, [BIN, ...args]] as const;
const tasks: Record<string, readonly [string, readonly string[], string?]> = {
  'voipdb check': voipdb('check', '--pack', 'asterisk', '--set', 'config', '--url', url),
  'alembic current': [PYTHON, ['-m', 'alembic', '-c', ini, 'current'], tree],
  'voipdb status': voipdb('status', '--pack', 'asterisk', '--set', 'config', '--url', url),
  'voipdb --version': voipdb('--version'),
  'voipdb --help': voipdb('--help'),
  'node -e 0': [NODE, ['-e', '0']],
};

try {
  run(NODE, [BIN, 'upgrade', '--pack', 'asterisk', '--set', 'config', '--url', url]);
  const head = run(PYTHON, ['-m', 'alembic', '-c', ini, 'current'], tree).out.trim();
  if (!/\(head\)/.test(head)) throw new Error(`alembic current does not see head: ${head}`);
  // One unmeasured round first: the page cache and, where node has it, the compile cache.
  for (const [cmd, args, cwd] of Object.values(tasks)) run(cmd, [...args], cwd);
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  const order = Object.keys(tasks);
  for (let i = 0; i < RUNS; i++) {
    // A different task goes first each run: each sees the machine in every state.
    for (let j = 0; j < order.length; j++) {
      const k = order[(i + j) % order.length]!;
      const [cmd, args, cwd] = tasks[k]!;
      times[k]!.push(run(cmd, [...args], cwd).ms);
    }
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  console.log(
    `node ${spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()}, median of ${RUNS}, whole process:`,
  );
  const goals: Record<string, string> = {
    'voipdb check': `goal ≤ 250 ms and ≤ 0.35× alembic current: ${(m['voipdb check']! / m['alembic current']!).toFixed(2)}×`,
    'voipdb status': 'goal ≤ 200 ms',
    'voipdb --version': 'goal ≤ 100 ms',
    'voipdb --help': 'goal ≤ 100 ms',
    'node -e 0': "the runtime's own start",
  };
  for (const [k, v] of Object.entries(m)) {
    const xs = [...times[k]!].sort((a, b) => a - b);
    console.log(
      `  ${k.padEnd(18)} ${v.toFixed(0).padStart(5)} ms  (${xs[0]!.toFixed(0)}–${xs[xs.length - 1]!.toFixed(0)})  ${goals[k] ?? ''}`,
    );
  }
} finally {
  const a = await connect(parseTarget(PG_ADMIN));
  await a.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await a.close();
}
