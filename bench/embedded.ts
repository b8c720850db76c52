// Benchmark: the embedded default (PGlite in ./voipdb-data), whole processes as a new user runs
// them, side by side in one run and alternating: the first `voipdb init --pack asterisk` in a new
// directory against PGlite's own initdb of a new directory (a bare node process making one, what
// every first run cost before the snapshot); `voipdb check` and `status` on it afterwards against
// a bare node process opening the same directory and running SELECT 1 (PGlite's start, the floor).
// Goals: first init ≤ 1.5 s; later commands ≤ 0.8 s.
//
//   npm run bench:embedded             (VOIPDB_BENCH_RUNS=5 by default; medians are printed)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.VOIPDB_BENCH_RUNS ?? 5);
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/voipdb.js');
const work = mkdtempSync(join(tmpdir(), 'voipdb-bench-embedded-'));
const pglite = join(ROOT, 'node_modules/@electric-sql/pglite/dist/index.js');
const bare = join(work, 'bare.mjs');
writeFileSync(
  bare,
  `import { PGlite } from ${JSON.stringify(pglite)};\nconst db = await PGlite.create(process.argv[2]);\nawait db.query('SELECT 1');\nawait db.close();\n`,
);

function run(args: string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const t: Record<string, number[]> = {
  'voipdb init (new dir)': [],
  'PGlite initdb (new dir)': [],
  'voipdb check': [],
  'voipdb status': [],
  'PGlite open + SELECT 1': [],
};

try {
  // Unmeasured: the page cache, and the snapshot made if the build did not make one.
  const warm = mkdtempSync(join(work, 'warm-'));
  run([BIN, 'init', '--pack', 'asterisk'], warm);
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(work, 'run-'));
    const firsts = [
      () => t['voipdb init (new dir)']!.push(run([BIN, 'init', '--pack', 'asterisk'], dir)),
      () => t['PGlite initdb (new dir)']!.push(run([bare, join(dir, 'bare-data')], dir)),
    ];
    for (const f of i % 2 ? firsts.reverse() : firsts) f();
    const laters = [
      () => t['voipdb check']!.push(run([BIN, 'check'], dir)),
      () => t['voipdb status']!.push(run([BIN, 'status'], dir)),
      () => t['PGlite open + SELECT 1']!.push(run([bare, join(dir, 'voipdb-data')], dir)),
    ];
    for (let k = 0; k < laters.length; k++) laters[(i + k) % laters.length]!();
    // Kept until the end: deleting a run's directories (the file system discards their blocks)
    // slowed the next run's file creation several times over, a cost no user's first init has.
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  console.log(`node ${process.versions.node}, median of ${RUNS}, whole process:`);
  const note: Record<string, string> = {
    'voipdb init (new dir)': `goal ≤ 1500 ms; ${(m['voipdb init (new dir)']! / m['PGlite initdb (new dir)']!).toFixed(2)}× a bare initdb`,
    'voipdb check': `goal ≤ 800 ms; ${(m['voipdb check']! / m['PGlite open + SELECT 1']!).toFixed(2)}× PGlite's own start`,
    'voipdb status': `goal ≤ 800 ms; ${(m['voipdb status']! / m['PGlite open + SELECT 1']!).toFixed(2)}× PGlite's own start`,
  };
  for (const [k, v] of Object.entries(m)) {
    const xs = [...t[k]!].sort((a, b) => a - b);
    console.log(
      `  ${k.padEnd(24)} ${v.toFixed(0).padStart(6)} ms  (${xs[0]!.toFixed(0)}–${xs[xs.length - 1]!.toFixed(0)})  ${note[k] ?? ''}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
