// Throw-away PostgreSQL and MariaDB servers on loopback ports, for tests that kill the server
// itself (SIGKILL to every server process, as a crash) and start it again on the same data.
// Started and stopped by pid; never the shared servers.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';

const PG_BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].find((d) =>
  existsSync(join(d, 'initdb')),
);
const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find(existsSync);

export interface PrivateServer {
  /** Admin URL (database postgres / test). */
  url: string;
  /** SIGKILL every process of the server: a crash. */
  crash(): Promise<void>;
  /** Start it again on the same data (crash recovery runs). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUp(url: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      const c = await connect(parseTarget(url));
      await c.close();
      return;
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e;
      await sleep(200);
    }
  }
}

function children(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGKILL a server and its children — stopped first so that it forks no new ones — and wait until they are gone. */
async function killAll(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGSTOP');
  } catch {
    return;
  }
  const pids = [pid, ...children(pid)];
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (let i = 0; i < 100 && pids.some(alive); i++) await sleep(100);
}

export function privatePostgresAvailable(): boolean {
  return !!PG_BIN && process.getuid?.() !== undefined;
}

export async function startPrivatePostgres(): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-crash-pg-'));
  const asRoot = process.getuid!() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    chownSync(dir, uid, uid);
  }
  const port = 56100 + Math.floor(Math.random() * 800);
  const data = join(dir, 'data');
  run(join(PG_BIN!, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres']);
  const start = async () => {
    // Right after a crash the old processes may still hold the port or shared memory a moment.
    for (let attempt = 1; ; attempt++) {
      try {
        run(join(PG_BIN!, 'pg_ctl'), [
          '-D',
          data,
          '-l',
          join(dir, 'log'),
          '-w',
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
          'start',
        ]);
        break;
      } catch (e) {
        if (attempt >= 5)
          throw new Error(`${String(e)}\n${readFileSync(join(dir, 'log'), 'utf8').slice(-2000)}`, { cause: e });
        await sleep(1000);
      }
    }
    await waitUp(url);
  };
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await start();
  const pid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url,
    crash: () => killAll(pid()),
    start,
    async stop() {
      try {
        if (existsSync(join(data, 'postmaster.pid'))) await killAll(pid());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function privateMariadbAvailable(): boolean {
  return !!MARIADBD && existsSync('/usr/bin/mariadb-install-db');
}

export async function startPrivateMariadb(): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-crash-my-'));
  const data = join(dir, 'data');
  const port = 56900 + Math.floor(Math.random() * 800);
  // A tmpdir of its own: a starting mariadbd deletes every #sql* file in its tmpdir, and in
  // /tmp those are the shared server's temporary tables in use.
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  execFileSync(
    '/usr/bin/mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--tmpdir=${tmp}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { stdio: 'pipe' },
  );
  let child: ChildProcess | undefined;
  const url = `mysql://root@127.0.0.1:${port}/mysql`;
  const start = async () => {
    child = spawn(
      MARIADBD!,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--tmpdir=${tmp}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'sock')}`,
        '--user=root',
        `--pid-file=${join(dir, 'pid')}`,
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
        '--innodb-log-file-size=16M',
        '--skip-grant-tables=0',
      ],
      { stdio: 'ignore' },
    );
    await waitUp(url);
  };
  await start();
  return {
    url,
    crash: async () => {
      if (child?.pid) await killAll(child.pid);
    },
    start,
    async stop() {
      try {
        if (child?.pid) await killAll(child.pid);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
