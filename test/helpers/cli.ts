// Run the built `voipdb` command (bin/voipdb.js -> dist/) as a child process, the way a user
// does, and capture its stdout, stderr and exit code. dist/ is rebuilt first when any file
// under src/ is newer than it (once per test run, guarded against parallel test files).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin', 'voipdb.js');
const DIST_MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const DIST_BUNDLE = join(ROOT, 'dist', 'bin', 'voipdb.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Kill the process after this many ms (default 120 s). */
  timeoutMs?: number;
  input?: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

let built = false;

/** Build dist/ when it is missing or older than src/. tsc emits even when other files have type errors. */
export function ensureBuilt(): void {
  if (built) return;
  // The command runs from the bundle (scripts/bundle.mjs), made from src/ like dist/cli/main.js.
  const stale = () =>
    [DIST_MAIN, DIST_BUNDLE].some((f) => !existsSync(f) || statSync(f).mtimeMs < newestMtime(join(ROOT, 'src')));
  if (stale()) {
    // One builder at a time across parallel test files: mkdir is atomic.
    const lock = join(ROOT, 'node_modules', '.voipdb-build-lock');
    const deadline = Date.now() + 180_000;
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        // A lock left by a killed build is stale after two minutes (tsc takes seconds).
        if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
        if (Date.now() > deadline) throw new Error(`another build holds ${lock}; remove it if no build is running`);
        spawnSync('sleep', ['0.5']);
      }
    }
    try {
      if (stale()) {
        spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], {
          cwd: ROOT,
          stdio: 'ignore',
        });
        spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'ignore' });
      }
    } finally {
      rmdirSync(lock);
    }
  }
  if (!existsSync(DIST_MAIN))
    throw new Error('dist/cli/main.js is missing after the build: run npx tsc -p . and read its errors');
  built = true;
}

function childEnv(env: CliOptions['env']): NodeJS.ProcessEnv {
  // No colour, no URL leaking in from the developer's shell.
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete base.VOIPDB_URL;
  delete base.DATABASE_URL;
  delete base.VOIPDB_PASSWORD;
  for (const [k, v] of Object.entries(env ?? {})) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

/** Start `voipdb <args>` without waiting (for concurrency and kill tests). */
export function spawnCli(args: string[], opts: CliOptions = {}): ChildProcess {
  ensureBuilt();
  return spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: childEnv(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Wait for a started process and collect what it wrote. */
export function collect(child: ChildProcess, timeoutMs = 120_000): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // A program may exit before reading its input (EPIPE on our end): its exit code and output are
  // what the test checks.
  child.stdin?.on('error', () => {});
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Run `voipdb <args>` to completion. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, opts);
  const done = collect(child, opts.timeoutMs);
  child.stdin?.end(opts.input ?? '');
  return done;
}

/** Run any program (psql, mariadb, sqlite3, python3) to completion. */
export function runProgram(cmd: string, args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: childEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  const done = collect(child, opts.timeoutMs);
  child.stdin?.end(opts.input ?? '');
  return done;
}
