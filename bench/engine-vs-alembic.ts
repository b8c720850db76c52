// Benchmark: 1,000 small migrations applied from empty, then `check` on the 1,000 applied, on
// PostgreSQL and SQLite: `voipdb upgrade` / `voipdb check` against Debian's python3-alembic
// (`alembic upgrade head` / `alembic current`) doing the same with 1,000 generated revisions.
// Both are timed as the commands a user runs (wall time, process start included), the median
// of a few runs each, each upgrade on a fresh database. Goals: upgrade ≤ 0.3×, check ≤ 0.5×, and
// on PostgreSQL voipdb's upgrade ≤ 1.3× the floor (below) timed in the same runs, median of 5.
//
//   npm run build && node --import ./test/convert/support/ts-register.mjs bench/engine-vs-alembic.ts
//
// VOIPDB_BENCH_MIGRATIONS (1000), VOIPDB_BENCH_RUNS (5), VOIPDB_BENCH_CHECKS (5 per run),
// VOIPDB_BENCH_BACKENDS (postgres,sqlite), VOIPDB_TEST_PG (the PostgreSQL server). Alembic runs
// as /usr/bin/python3 -m alembic (the Debian package installs the module; its `alembic` script
// may be absent).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../src/db/connect.js';
import { parseTarget } from '../src/db/url.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'voipdb.js');
const PYTHON = '/usr/bin/python3';
const PG_ADMIN = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const N = Number(process.env.VOIPDB_BENCH_MIGRATIONS ?? 1000);
const RUNS = Number(process.env.VOIPDB_BENCH_RUNS ?? 5);
// A check is short and the machine is shared: more samples per run keep its median steady.
const CHECKS = Number(process.env.VOIPDB_BENCH_CHECKS ?? 5);
const BACKENDS = (process.env.VOIPDB_BENCH_BACKENDS ?? 'postgres,sqlite').split(',') as Backend[];
type Backend = 'postgres' | 'sqlite';

// 'pk' (default): the tables have a primary key, as real ones do; 'plain': no index at all, so
// the server's work is smallest and the tools' own overhead shows most.
const WORKLOAD = (process.env.VOIPDB_BENCH_WORKLOAD ?? 'pk') as 'pk' | 'plain';

/** The i-th migration: odd ones create a small table, even ones insert a row into it. */
function statement(i: number): string {
  const key = WORKLOAD === 'pk' ? ' PRIMARY KEY' : '';
  return i % 2 === 1
    ? `CREATE TABLE t_${i} (id INTEGER${key}, name VARCHAR(40))`
    : `INSERT INTO t_${i - 1} (id, name) VALUES (1, 'row ${i}')`;
}

/**
 * The least any tool can take: the same statements in one transaction, sent in one piece, with
 * nothing else (no history, no version table). floor / alembic is the lowest reachable ratio.
 */
function floorScript(root: string, backend: Backend): string {
  const file = join(root, `floor-${backend}.sql`);
  // voipdb opens SQLite files in WAL mode; the floor does the same.
  const lines = backend === 'sqlite' ? ['PRAGMA journal_mode = WAL;'] : [];
  lines.push('BEGIN;');
  for (let i = 1; i <= N; i++) lines.push(statement(i) + ';');
  lines.push('COMMIT;');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function floorRun(backend: Backend, url: string, file: string): Promise<number> {
  if (backend === 'sqlite')
    return must(
      timed('sh', ['-c', `sqlite3 -bail "${url.replace(/^sqlite:/, '')}" < "${file}" > /dev/null`]),
      'sqlite3',
    ).ms;
  const conn = await connect(parseTarget(url));
  try {
    const sql = readFileSync(file, 'utf8');
    const start = process.hrtime.bigint();
    await conn.exec(sql);
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    await conn.close();
  }
}

function voipdbSet(root: string): string {
  const dir = join(root, 'bench');
  mkdirSync(dir);
  const width = String(N).length;
  for (let i = 1; i <= N; i++)
    writeFileSync(join(dir, `V${String(i).padStart(width, '0')}__step_${i}.sql`), statement(i) + ';\n');
  return dir;
}

/** An alembic environment as `alembic init` makes it (one transaction, the default), with N revisions. */
function alembicEnv(root: string): string {
  const dir = join(root, 'alembic');
  mkdirSync(join(dir, 'versions'), { recursive: true });
  writeFileSync(
    join(dir, 'env.py'),
    `from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
`,
  );
  writeFileSync(join(dir, 'script.py.mako'), '');
  for (let i = 1; i <= N; i++) {
    const rev = `r${String(i).padStart(5, '0')}`;
    const down = i === 1 ? 'None' : `'r${String(i - 1).padStart(5, '0')}'`;
    writeFileSync(
      join(dir, 'versions', `${rev}_step_${i}.py`),
      `"""step ${i}"""
from alembic import op

revision = '${rev}'
down_revision = ${down}
branch_labels = None
depends_on = None


def upgrade():
    op.execute("${statement(i)}")


def downgrade():
    pass
`,
    );
  }
  return dir;
}

function alembicIni(root: string, envDir: string, url: string): string {
  const file = join(root, `alembic-${Date.now()}-${Math.random().toString(36).slice(2)}.ini`);
  writeFileSync(file, `[alembic]\nscript_location = ${envDir}\nsqlalchemy.url = ${url}\n`);
  return file;
}

interface Timed {
  ms: number;
  code: number | null;
  out: string;
}

function timed(cmd: string, args: string[]): Timed {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, code: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

function must(t: Timed, what: string, codes = [0]): Timed {
  if (!codes.includes(t.code ?? -1)) throw new Error(`${what} exited ${t.code}:\n${t.out.slice(-2000)}`);
  return t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface FreshDb {
  voipdbUrl: string;
  alembicUrl: string;
  drop(): Promise<void>;
}

async function freshDb(backend: Backend, root: string): Promise<FreshDb> {
  const name = `vb_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (backend === 'sqlite') {
    const file = join(root, `${name}.db`);
    return {
      voipdbUrl: `sqlite:${file}`,
      alembicUrl: `sqlite:///${file}`,
      drop: async () => rmSync(file, { force: true }),
    };
  }
  const admin = await connect(parseTarget(PG_ADMIN));
  await admin.exec(`CREATE DATABASE "${name}"`);
  await admin.close();
  const url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
  return {
    voipdbUrl: url,
    alembicUrl: url.replace(/^postgres(ql)?:/, 'postgresql+psycopg2:'),
    async drop() {
      const a = await connect(parseTarget(PG_ADMIN));
      await a.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.close();
    },
  };
}

interface Row {
  backend: Backend;
  task: string;
  voipdb: number;
  alembic: number;
  floor?: number;
  goal: number;
}

async function bench(backend: Backend, root: string, set: string, env: string): Promise<Row[]> {
  const floor = floorScript(root, backend);
  const up = { voipdb: [] as number[], alembic: [] as number[], floor: [] as number[] };
  const check = { voipdb: [] as number[], alembic: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const a = await freshDb(backend, root);
    const b = await freshDb(backend, root);
    // The floor's database is made with the others: all three start from the same moment.
    const f = await freshDb(backend, root);
    try {
      const ini = alembicIni(root, env, b.alembicUrl);
      const ups = [
        async () =>
          up.voipdb.push(
            must(timed(process.execPath, [BIN, 'upgrade', '--dir', set, '--url', a.voipdbUrl]), 'voipdb upgrade').ms,
          ),
        async () =>
          up.alembic.push(must(timed(PYTHON, ['-m', 'alembic', '-c', ini, 'upgrade', 'head']), 'alembic upgrade').ms),
        async () => up.floor.push(await floorRun(backend, f.voipdbUrl, floor)),
      ];
      // A different one goes first each run: the server may still be writing out what came just
      // before (the databases' creation, the previous run), and the first would pay for it each time.
      for (let k = 0; k < ups.length; k++) await ups[(run + k) % ups.length]!();
      for (let k = 0; k < CHECKS; k++) {
        check.voipdb.push(
          must(timed(process.execPath, [BIN, 'check', '--dir', set, '--url', a.voipdbUrl]), 'voipdb check').ms,
        );
        const cur = must(timed(PYTHON, ['-m', 'alembic', '-c', ini, 'current']), 'alembic current');
        if (!cur.out.includes(`r${String(N).padStart(5, '0')} (head)`))
          throw new Error(`alembic current is not at head:\n${cur.out.slice(-500)}`);
        check.alembic.push(cur.ms);
      }
      await verify(backend, a.voipdbUrl);
    } finally {
      await a.drop();
      await b.drop();
      await f.drop();
    }
  }
  return [
    {
      backend,
      task: `upgrade ${N} from empty`,
      voipdb: median(up.voipdb),
      alembic: median(up.alembic),
      floor: median(up.floor),
      goal: 0.3,
    },
    { backend, task: `check on ${N} applied`, voipdb: median(check.voipdb), alembic: median(check.alembic), goal: 0.5 },
  ];
}

/** The voipdb run really applied N migrations. */
async function verify(backend: Backend, url: string): Promise<void> {
  const c = await connect(parseTarget(url));
  try {
    const [r] = await c.query<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM voipdb_history WHERE state = 'applied' AND kind = 'versioned'`,
    );
    if (Number(r?.n) !== N) throw new Error(`${backend}: voipdb applied ${r?.n} of ${N}`);
  } finally {
    await c.close();
  }
}

async function main(): Promise<void> {
  const alembic = spawnSync(PYTHON, ['-m', 'alembic', '--version'], { encoding: 'utf8' });
  if (alembic.status !== 0)
    throw new Error(`${PYTHON} -m alembic is not available: apt-get install python3-alembic python3-psycopg2`);
  const root = mkdtempSync(join(tmpdir(), 'voipdb-bench-'));
  try {
    const set = voipdbSet(root);
    const env = alembicEnv(root);
    console.log(
      `voipdb ${N} SQL files vs ${alembic.stdout.trim()} with ${N} revisions (workload "${WORKLOAD}"); median of ${RUNS} run(s); wall time per command`,
    );
    const rows: Row[] = [];
    for (const b of BACKENDS) rows.push(...(await bench(b, root, set, env)));
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(
      `\n${pad('backend', 9)} ${pad('task', 24)} ${pad('voipdb ms', 10)} ${pad('alembic ms', 11)} ${pad('ratio', 6)} ${pad('goal', 15)} floor ms (lowest reachable ratio)`,
    );
    for (const r of rows) {
      const ratio = r.voipdb / r.alembic;
      const goal = `≤ ${r.goal}× ${ratio <= r.goal ? 'met' : 'MISSED'}`;
      console.log(
        `${pad(r.backend, 9)} ${pad(r.task, 24)} ${pad(r.voipdb.toFixed(0), 10)} ${pad(r.alembic.toFixed(0), 11)} ${pad(ratio.toFixed(2) + '×', 6)} ${pad(goal, 15)} ${r.floor === undefined ? '' : `${r.floor.toFixed(0)} (${(r.floor / r.alembic).toFixed(2)}×)`}`,
      );
    }
    console.log(
      "\nfloor: the same statements alone, in one transaction sent in one piece (the server's work, no tool around it).",
    );
    for (const r of rows) {
      if (r.floor === undefined) continue;
      const x = r.voipdb / r.floor;
      const goal = r.backend === 'postgres' ? ` (goal ≤ 1.3×: ${x <= 1.3 ? 'met' : 'MISSED'})` : '';
      console.log(
        `${r.backend}: voipdb upgrade ${r.voipdb.toFixed(0)} ms against the floor's ${r.floor.toFixed(0)} ms: ${x.toFixed(2)}× the floor${goal}`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
