// URL parameters through the command line (issue 22, defect 17): an unknown or unsupported one is
// refused naming it; TLS works as each server's own clients spell it, proven against a private
// PostgreSQL and a private MariaDB started here with TLS only, and a CA made here with openssl:
// verify-full / VERIFY_IDENTITY pass with the right CA and fail with another; client
// certificates go through sslcert/sslkey and ssl-cert/ssl-key; sslmode=prefer on a server
// without TLS still connects.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PG_ADMIN_URL } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const requirePrograms = process.env.VOIPDB_REQUIRE_PROGRAMS === '1';
const haveOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();
const havePg = existsSync(join(PG_BIN, 'initdb'));
const haveMariadb = existsSync('/usr/sbin/mariadbd') && existsSync('/usr/bin/mariadb-install-db');
if (requirePrograms && !(haveOpenssl && havePg && haveMariadb))
  throw new Error('openssl, PostgreSQL 15 binaries and mariadbd are required (VOIPDB_REQUIRE_PROGRAMS=1)');
if (!(haveOpenssl && havePg && haveMariadb))
  console.warn('[voipdb tests] openssl, initdb or mariadbd missing: the TLS suites are skipped');

const dir = mkdtempSync(join(tmpdir(), 'voipdb-tls-'));
const f = (name: string) => join(dir, name);
const ssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A CA, a server certificate for 127.0.0.1/localhost signed by it, a client certificate for `user`, and another CA. */
function makeCertificates(): void {
  ssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=voipdb test CA',
  ]);
  ssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other.key',
    '-out',
    'other.crt',
    '-days',
    '2',
    '-subj',
    '/CN=another CA',
  ]);
  writeFileSync(f('ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  ]);
  ssl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'ext',
  ]);
  ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=certuser']);
  ssl([
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'client.crt',
    '-days',
    '2',
  ]);
  chmodSync(f('client.key'), 0o600);
}

const port = () => 56000 + Math.floor(Math.random() * 900);
const asPostgres = process.getuid?.() === 0;
const runPg = (cmd: string, args: string[]) =>
  asPostgres
    ? execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args], { stdio: 'pipe' })
    : execFileSync(join(PG_BIN, cmd), args, { stdio: 'pipe' });

let pgPort = 0;
let myPort = 0;
let mariadb: ChildProcess | undefined;
const pgData = join(f('pgdir'), 'data');

async function startPg(): Promise<void> {
  pgPort = port();
  const pgDir = f('pgdir');
  execFileSync('mkdir', ['-p', pgDir]);
  for (const name of ['server.key', 'server.crt', 'ca.crt']) writeFileSync(join(pgDir, name), readFileSync(f(name)));
  chmodSync(join(pgDir, 'server.key'), 0o600);
  if (asPostgres) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chmodSync(dir, 0o755);
    for (const p of [pgDir, ...['server.key', 'server.crt', 'ca.crt'].map((n) => join(pgDir, n))])
      chownSync(p, uid, gid);
  }
  runPg('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres']);
  // TLS only: a plain connection is rejected, so a command that connects used TLS.
  writeFileSync(
    join(pgData, 'pg_hba.conf'),
    'local all all trust\nhostssl all certuser 127.0.0.1/32 cert\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n',
  );
  appendFileSync(
    join(pgData, 'postgresql.conf'),
    `ssl = on\nssl_cert_file = '${join(pgDir, 'server.crt')}'\nssl_key_file = '${join(pgDir, 'server.key')}'\nssl_ca_file = '${join(pgDir, 'ca.crt')}'\n`,
  );
  runPg('pg_ctl', [
    '-D',
    pgData,
    '-l',
    join(pgDir, 'log'),
    '-w',
    '-o',
    `-p ${pgPort} -k ${pgDir} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  runPg('psql', ['-h', pgDir, '-p', String(pgPort), '-U', 'postgres', '-c', 'CREATE ROLE certuser LOGIN SUPERUSER']);
}

async function startMariadb(): Promise<void> {
  myPort = port();
  const data = f('my');
  mkdirSync(f('my-tmp'));
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--tmpdir=${f('my-tmp')}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { stdio: 'pipe' },
  );
  mariadb = spawn(
    '/usr/sbin/mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      // Its own tmpdir: a starting mariadbd deletes the #sql* files in its tmpdir, and in /tmp
      // those are the shared server's temporary tables in use.
      `--tmpdir=${f('my-tmp')}`,
      '--user=root',
      `--port=${myPort}`,
      '--bind-address=127.0.0.1',
      `--socket=${f('my.sock')}`,
      `--pid-file=${f('my.pid')}`,
      `--log-error=${f('my.err')}`,
      `--ssl-ca=${f('ca.crt')}`,
      `--ssl-cert=${f('server.crt')}`,
      `--ssl-key=${f('server.key')}`,
      '--require-secure-transport=ON',
      '--innodb-buffer-pool-size=16M',
      '--skip-log-bin',
    ],
    { stdio: 'ignore' },
  );
  const sql = (q: string) =>
    execFileSync('mariadb', ['--no-defaults', `--socket=${f('my.sock')}`, '-uroot', '-e', q], { stdio: 'pipe' });
  for (let i = 0; ; i++) {
    try {
      sql('SELECT 1');
      break;
    } catch (e) {
      if (i > 120) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  sql(
    "CREATE DATABASE tls; CREATE USER 'tlsuser'@'127.0.0.1'; GRANT ALL ON *.* TO 'tlsuser'@'127.0.0.1'; CREATE USER 'certuser'@'127.0.0.1' REQUIRE X509; GRANT ALL ON *.* TO 'certuser'@'127.0.0.1'",
  );
}

const ready = haveOpenssl && havePg && haveMariadb;
beforeAll(async () => {
  if (!ready) return;
  makeCertificates();
  await startPg();
  await startMariadb();
}, 300_000);

afterAll(() => {
  if (pgPort) {
    try {
      runPg('pg_ctl', ['-D', pgData, '-m', 'immediate', 'stop']);
    } catch {
      /* already gone */
    }
  }
  if (mariadb?.pid) mariadb.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const pbx = ['--dir', 'examples/pbx'];

describe('URL parameters voipdb does not read are refused by name', () => {
  it('exit 2 naming the parameter, before connecting', async () => {
    for (const [url, name] of [
      ['mysql://root@127.0.0.1:1/x?ssl=true&ssl-mode=REQUIRED', 'ssl'],
      ['postgresql://postgres@127.0.0.1:1/x?sslmod=require', 'sslmod'],
      ['postgresql://postgres@127.0.0.1:1/x?ssl-mode=REQUIRED', 'ssl-mode'],
      ['sqlite:x.db?cache=shared', 'cache'],
    ]) {
      const r = await runCli(['status', ...pbx, '--url', url!]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`unknown URL parameter "${name}"`);
    }
    const bad = await runCli(['status', ...pbx, '--url', 'postgresql://postgres@127.0.0.1:1/x?sslmode=sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /sslmode=sometimes is not one of disable, allow, prefer, require, verify-ca, verify-full/,
    );
  });
});

describe.skipIf(!(await available('postgres')))('sslmode=prefer on a server without TLS', () => {
  it('connects (prefer never forces TLS)', async () => {
    const r = await runCli(['status', ...pbx, '--url', `${PG_ADMIN_URL}?sslmode=prefer`]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe.skipIf(!ready)('PostgreSQL with TLS only, libpq parameters', { timeout: 300_000 }, () => {
  const url = (q: string, user = 'postgres') => `postgresql://${user}@127.0.0.1:${pgPort}/postgres?${q}`;
  it('verify-full passes with the right CA and fails with another', async () => {
    const ok = await runCli(['status', ...pbx, '--url', url(`sslmode=verify-full&sslrootcert=${f('ca.crt')}`)]);
    expect(ok.code, ok.stderr).toBe(0);
    const other = await runCli(['status', ...pbx, '--url', url(`sslmode=verify-full&sslrootcert=${f('other.crt')}`)]);
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/TLS certificate was not accepted.*next: give the CA/);
  });
  it('verify-ca, require and prefer use TLS; disable is refused by a TLS-only server', async () => {
    for (const q of [`sslmode=verify-ca&sslrootcert=${f('ca.crt')}`, 'sslmode=require', 'sslmode=prefer']) {
      const r = await runCli(['status', ...pbx, '--url', url(q)]);
      expect(r.code, `${q}: ${r.stderr}`).toBe(0);
    }
    expect((await runCli(['status', ...pbx, '--url', url('sslmode=disable')])).code).toBe(3);
  });
  it('a client certificate through sslcert and sslkey', async () => {
    const ok = await runCli([
      'status',
      ...pbx,
      '--url',
      url(
        `sslmode=verify-full&sslrootcert=${f('ca.crt')}&sslcert=${f('client.crt')}&sslkey=${f('client.key')}`,
        'certuser',
      ),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const without = await runCli([
      'status',
      ...pbx,
      '--url',
      url(`sslmode=verify-full&sslrootcert=${f('ca.crt')}`, 'certuser'),
    ]);
    expect(without.code).toBe(3);
  });
});

describe.skipIf(!ready)("MariaDB with TLS only, the mysql client's parameters", { timeout: 300_000 }, () => {
  const url = (q: string, user = 'tlsuser') => `mysql://${user}@127.0.0.1:${myPort}/tls?${q}`;
  it('VERIFY_IDENTITY passes with the right CA and fails with another', async () => {
    const ok = await runCli(['status', ...pbx, '--url', url(`ssl-mode=VERIFY_IDENTITY&ssl-ca=${f('ca.crt')}`)]);
    expect(ok.code, ok.stderr).toBe(0);
    const other = await runCli(['status', ...pbx, '--url', url(`ssl-mode=VERIFY_IDENTITY&ssl-ca=${f('other.crt')}`)]);
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/TLS certificate was not accepted/);
  });
  it('VERIFY_CA, REQUIRED, PREFERRED and the PyMySQL spelling use TLS; DISABLED is refused by a TLS-only server', async () => {
    for (const q of [
      `ssl-mode=VERIFY_CA&ssl-ca=${f('ca.crt')}`,
      'ssl-mode=REQUIRED',
      'ssl-mode=preferred',
      `ssl_mode=VERIFY_IDENTITY&ssl_ca=${f('ca.crt')}`,
    ]) {
      const r = await runCli(['status', ...pbx, '--url', url(q)]);
      expect(r.code, `${q}: ${r.stderr}`).toBe(0);
    }
    expect((await runCli(['status', ...pbx, '--url', url('ssl-mode=DISABLED')])).code).toBe(3);
  });
  it('a client certificate through ssl-cert and ssl-key', async () => {
    const ok = await runCli([
      'status',
      ...pbx,
      '--url',
      url(
        `ssl-mode=VERIFY_IDENTITY&ssl-ca=${f('ca.crt')}&ssl-cert=${f('client.crt')}&ssl-key=${f('client.key')}`,
        'certuser',
      ),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const without = await runCli([
      'status',
      ...pbx,
      '--url',
      url(`ssl-mode=VERIFY_IDENTITY&ssl-ca=${f('ca.crt')}`, 'certuser'),
    ]);
    expect(without.code).toBe(3);
  });
});
