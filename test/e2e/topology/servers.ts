// Private server topologies for the topology tests, on loopback ports, in temporary directories,
// started and stopped by pid: a three-node MariaDB Galera cluster, a PostgreSQL primary with a
// streaming standby (pg_basebackup -R), and PgBouncer in transaction pooling before PostgreSQL.
// A program that is missing makes its suite skip, unless VOIPDB_REQUIRE_PROGRAMS=1 (CI).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../../src/db/connect.js';
import { parseTarget } from '../../../src/db/url.js';

export const requirePrograms = process.env.VOIPDB_REQUIRE_PROGRAMS === '1';

const GALERA_LIB = ['/usr/lib/galera/libgalera_smm.so', '/usr/lib/libgalera_smm.so'].find((p) => existsSync(p));
const PG_BIN = process.env.VOIPDB_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Whether the programs a topology needs are here; throws when they are required but missing. */
export function programsFor(kind: 'galera' | 'standby' | 'pgbouncer'): boolean {
  const need: Record<typeof kind, string[]> = {
    galera: ['/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db', GALERA_LIB ?? '/usr/lib/galera/libgalera_smm.so'],
    standby: [join(PG_BIN, 'initdb'), join(PG_BIN, 'pg_ctl'), join(PG_BIN, 'pg_basebackup')],
    pgbouncer: [join(PG_BIN, 'initdb'), '/usr/sbin/pgbouncer'],
  };
  const missing = need[kind].filter((p) => !existsSync(p));
  if (missing.length && requirePrograms)
    throw new Error(`${kind} tests need ${missing.join(', ')} (VOIPDB_REQUIRE_PROGRAMS=1)`);
  if (missing.length) console.warn(`[voipdb tests] ${kind}: ${missing.join(', ')} missing, suite skipped`);
  return missing.length === 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A base port in 5700-5980, random per run so parallel runs do not collide. */
export function basePort(): number {
  return 5700 + Math.floor(Math.random() * 14) * 20;
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if (await ok()) return;
    } catch (e) {
      if (/exited/.test(String(e))) throw e;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function answers(url: string, sql = 'SELECT 1'): Promise<boolean> {
  const c = await connect(parseTarget(url));
  try {
    await c.query(sql);
    return true;
  } finally {
    await c.close();
  }
}

// Servers refuse to run as root; the tests run as root in CI.
function runAs(): { uid: number; gid: number; user: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (u: string) => spawnSync('id', ['-u', u]).stdout.toString().trim();
  const gid = (u: string) => spawnSync('id', ['-g', u]).stdout.toString().trim();
  for (const u of ['postgres', 'mysql', 'nobody'])
    if (id(u)) return { uid: Number(id(u)), gid: Number(gid(u)), user: u };
  return undefined;
}

function chownTree(dir: string, who: { uid: number; gid: number } | undefined): void {
  if (who) spawnSync('chown', ['-R', `${who.uid}:${who.gid}`, dir]);
}

function stop(p: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      p.kill('SIGKILL');
    }, 20_000);
    p.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    p.kill(signal);
  });
}

// ---------------------------------------------------------------- Galera

export interface GaleraNode {
  index: number;
  port: number;
  url: string;
  process?: ChildProcess;
  dir: string;
}

export interface Galera {
  nodes: GaleraNode[];
  /** Kill one node hard (SIGKILL), as a crash would. */
  kill(i: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startGalera(size = 3, database = 'voipdb_galera'): Promise<Galera> {
  const base = basePort();
  const root = mkdtempSync(join(tmpdir(), 'voipdb-galera-'));
  const mysqlUser = spawnSync('id', ['-u', 'mysql']).status === 0 ? 'mysql' : undefined;
  const nodes: GaleraNode[] = [];
  const addresses = Array.from({ length: size }, (_, i) => `127.0.0.1:${base + i * 4 + 1}`).join(',');
  for (let i = 0; i < size; i++) {
    const dir = join(root, `node${i}`);
    mkdirSync(join(dir, 'data'), { recursive: true });
    // A tmpdir of its own: a starting mariadbd deletes every #sql* file in its tmpdir, and in
    // /tmp those are the shared server's temporary tables in use.
    mkdirSync(join(dir, 'tmp'));
    // Four ports a node: client, group communication, IST, SST.
    const port = base + i * 4;
    const cnf = join(dir, 'my.cnf');
    writeFileSync(
      cnf,
      `[mariadbd]
datadir=${dir}/data
tmpdir=${dir}/tmp
socket=${dir}/mysqld.sock
pid-file=${dir}/mysqld.pid
port=${port}
bind-address=127.0.0.1
skip-name-resolve
log-error=${dir}/error.log
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
performance_schema=OFF
wsrep_on=ON
wsrep_provider=${GALERA_LIB}
wsrep_cluster_name=voipdb_test_${base}
wsrep_cluster_address=gcomm://${addresses}
wsrep_node_address=127.0.0.1:${port + 1}
wsrep_node_name=node${i}
wsrep_node_incoming_address=127.0.0.1:${port}
wsrep_provider_options="base_port=${port + 1};gcache.size=16M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;ist.recv_addr=127.0.0.1:${port + 2};pc.wait_prim_timeout=PT10S"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:${port + 3}
wsrep_slave_threads=1
`,
    );
    if (mysqlUser) spawnSync('chown', ['-R', 'mysql:mysql', root]);
    const install = spawnSync(
      'mariadb-install-db',
      [
        `--defaults-file=${cnf}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...(mysqlUser ? ['--user=mysql'] : []),
      ],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
    nodes.push({ index: i, port, dir, url: `mysql://root@127.0.0.1:${port}/${database}` });
  }
  if (mysqlUser) spawnSync('chown', ['-R', 'mysql:mysql', root]);
  // Rsync SST needs rsync; the nodes here start empty and identical, so IST/SST move little.
  const startNode = (n: GaleraNode, bootstrap: boolean) => {
    n.process = spawn(
      '/usr/sbin/mariadbd',
      [
        `--defaults-file=${join(n.dir, 'my.cnf')}`,
        ...(bootstrap ? ['--wsrep-new-cluster'] : []),
        ...(mysqlUser ? ['--user=mysql'] : []),
      ],
      { stdio: 'ignore' },
    );
  };
  const synced = async (n: GaleraNode) => {
    const c = await connect(parseTarget(`mysql://root@127.0.0.1:${n.port}/mysql`));
    try {
      const [r] = await c.query<{ Value: string }>("SHOW STATUS LIKE 'wsrep_local_state_comment'");
      return r?.Value === 'Synced';
    } finally {
      await c.close();
    }
  };
  const up = async (n: GaleraNode, bootstrap: boolean) => {
    startNode(n, bootstrap);
    await until(
      `galera node ${n.index} (log: ${join(n.dir, 'error.log')})`,
      async () => {
        if (n.process!.exitCode !== null)
          throw new Error(`galera node ${n.index} exited: see ${join(n.dir, 'error.log')}`);
        return synced(n);
      },
      120_000,
    );
  };
  try {
    await up(nodes[0]!, true);
    for (const n of nodes.slice(1)) await up(n, false);
  } catch (e) {
    for (const n of nodes) await stop(n.process, 'SIGKILL');
    if (!process.env.VOIPDB_KEEP_TOPOLOGY) rmSync(root, { recursive: true, force: true });
    throw e;
  }
  const c = await connect(parseTarget(`mysql://root@127.0.0.1:${nodes[0]!.port}/mysql`));
  await c.exec(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
  await c.close();
  return {
    nodes,
    async kill(i) {
      await stop(nodes[i]!.process, 'SIGKILL');
    },
    async stop() {
      for (const n of [...nodes].reverse()) await stop(n.process);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- PostgreSQL primary + standby

function spawnAs(
  cmd: string,
  args: string[],
  who: ReturnType<typeof runAs>,
  _opts: { log?: string } = {},
): ChildProcess {
  return spawn(cmd, args, {
    stdio: 'ignore',
    ...(who ? { uid: who.uid, gid: who.gid } : {}),
    env: { ...process.env, LC_ALL: 'C' },
  });
}

function runSyncAs(cmd: string, args: string[], who: ReturnType<typeof runAs>): void {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    ...(who ? { uid: who.uid, gid: who.gid } : {}),
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

export interface PgPair {
  primaryPort: number;
  standbyPort: number;
  /** URLs of one database on each. */
  primaryUrl: string;
  standbyUrl: string;
  stop(): Promise<void>;
  /** Stop the standby's replay (pg_wal_replay_pause) or resume it. */
  pauseReplay(paused: boolean): Promise<void>;
}

export async function startPgPair(database = 'voipdb_standby'): Promise<PgPair> {
  const who = runAs();
  const base = basePort() + 10;
  const root = mkdtempSync(join(tmpdir(), 'voipdb-pgpair-'));
  chownTree(root, who);
  const primaryDir = join(root, 'primary');
  const standbyDir = join(root, 'standby');
  runSyncAs(join(PG_BIN, 'initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-N'], who);
  writeFileSync(
    join(primaryDir, 'postgresql.auto.conf'),
    `port = ${base}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${root}'\nwal_level = replica\nmax_wal_senders = 5\nfsync = off\nshared_buffers = 16MB\n`,
  );
  chownTree(root, who);
  const procs: ChildProcess[] = [];
  const up = async (dir: string, port: number, sql = 'SELECT 1') => {
    const p = spawnAs(join(PG_BIN, 'postgres'), ['-D', dir], who);
    procs.push(p);
    await until(`postgres on ${port}`, async () => {
      if (p.exitCode !== null) throw new Error(`postgres on ${port} exited`);
      return answers(`postgresql://postgres@127.0.0.1:${port}/postgres`, sql);
    });
  };
  try {
    await up(primaryDir, base);
    const admin = await connect(parseTarget(`postgresql://postgres@127.0.0.1:${base}/postgres`));
    await admin.exec(`CREATE DATABASE ${database}`);
    await admin.close();
    runSyncAs(
      join(PG_BIN, 'pg_basebackup'),
      ['-h', '127.0.0.1', '-p', String(base), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream'],
      who,
    );
    // The copy carries the primary's settings: the standby listens on its own port.
    const auto = join(standbyDir, 'postgresql.auto.conf');
    writeFileSync(auto, readFileSync(auto, 'utf8') + `port = ${base + 1}\nhot_standby = on\n`);
    chownTree(root, who);
    await up(standbyDir, base + 1, 'SELECT pg_is_in_recovery()');
  } catch (e) {
    for (const p of procs) await stop(p, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
  return {
    primaryPort: base,
    standbyPort: base + 1,
    primaryUrl: `postgresql://postgres@127.0.0.1:${base}/${database}`,
    standbyUrl: `postgresql://postgres@127.0.0.1:${base + 1}/${database}`,
    async pauseReplay(paused) {
      const c = await connect(parseTarget(`postgresql://postgres@127.0.0.1:${base + 1}/postgres`));
      await c.query(paused ? 'SELECT pg_wal_replay_pause()' : 'SELECT pg_wal_replay_resume()');
      await c.close();
    },
    async stop() {
      // Fast shutdown (SIGINT), standby first.
      for (const p of [...procs].reverse()) await stop(p, 'SIGINT');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- PgBouncer

export interface Bouncer {
  port: number;
  /** The database's URL through PgBouncer. */
  url: string;
  stop(): Promise<void>;
}

/** PgBouncer in transaction pooling before the PostgreSQL at `host:port`, for every database there. */
export async function startPgBouncer(serverPort: number, database: string, poolSize = 3): Promise<Bouncer> {
  const who = runAs();
  const port = basePort() + 15;
  const root = mkdtempSync(join(tmpdir(), 'voipdb-bouncer-'));
  writeFileSync(join(root, 'users.txt'), '"postgres" ""\n"root" ""\n');
  writeFileSync(
    join(root, 'pgbouncer.ini'),
    `[databases]
* = host=127.0.0.1 port=${serverPort}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${root}/users.txt
pool_mode = transaction
default_pool_size = ${poolSize}
max_client_conn = 200
ignore_startup_parameters = extra_float_digits,options
logfile = ${root}/pgbouncer.log
pidfile = ${root}/pgbouncer.pid
`,
  );
  chownTree(root, who);
  const p = spawnAs('/usr/sbin/pgbouncer', [join(root, 'pgbouncer.ini')], who);
  const url = `postgresql://postgres@127.0.0.1:${port}/${database}`;
  try {
    await until(`pgbouncer on ${port}`, async () => {
      if (p.exitCode !== null) throw new Error(`pgbouncer exited: see ${root}/pgbouncer.log`);
      return answers(url);
    });
  } catch (e) {
    await stop(p, 'SIGKILL');
    throw e;
  }
  return {
    port,
    url,
    async stop() {
      await stop(p, 'SIGINT');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
