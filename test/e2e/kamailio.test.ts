// End to end with real programs: voipdb creates Kamailio 5.6's database, Debian's kamailio
// (auth_db, usrloc, registrar on that database) runs on 127.0.0.1, and sipp registers with
// digest authentication: 401, then 200 OK, and the contact is in `location`. Then a wrong
// `version` row: Kamailio refuses to start, and voipdb's checkVersionRows names that row.
// Then databases made at 5.0, 5.2 and 5.4 by those releases' scripts, upgraded by voipdb to 5.6.
// On PostgreSQL, MariaDB and SQLite. Skipped with a notice without /usr/sbin/kamailio or sipp.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import type { Target } from '../../src/db/url.js';
import { checkVersionRows, kamailioPack } from '../../src/packs/kamailio/index.js';
import { backendsHere, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { modulesFor, referenceCreate } from '../kamailio/reference.js';

// MariaDB DDL is slow under load (a table per fsync): allow a loaded CI server its time.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const KAMAILIO = '/usr/sbin/kamailio';
const SIPP = spawnSync('sh', ['-c', 'command -v sipp'], { encoding: 'utf8' }).stdout.trim();
const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
const haveTools = existsSync(KAMAILIO) && !!SIPP;
if (!haveTools)
  console.warn(
    '[voipdb tests] kamailio or sipp not installed (apt: kamailio kamailio-{postgres,mysql,sqlite}-modules sip-tester): Kamailio e2e skipped',
  );

const DOMAIN = 'voipdb.test';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

const dbs: TestDb[] = [];
const dirs: string[] = [];
const running = new Set<ChildProcess>();
afterAll(async () => {
  for (const p of running) p.kill('SIGKILL');
  for (const d of dbs) await d.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A UDP port nobody holds right now on 127.0.0.1. */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((ok) => s.bind(0, '127.0.0.1', () => ok()));
  const port = s.address().port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/** Kamailio's db_url for a test target (loopback only). */
function kamailioDbUrl(t: Target): string {
  // db_sqlite takes the path after the host part: sqlite:// + '' + / + absolute path
  if (t.dialect === 'sqlite') return `sqlite:///${t.path}`;
  const scheme = t.dialect === 'postgres' ? 'postgres' : 'mysql';
  const auth = t.password ? `${t.user}:${t.password}` : t.user;
  return `${scheme}://${auth}@127.0.0.1:${t.port ?? (scheme === 'postgres' ? 5432 : 3306)}/${t.database}`;
}

const DB_MODULE = { postgres: 'db_postgres', mysql: 'db_mysql', sqlite: 'db_sqlite' } as const;

function kamailioCfg(t: Target, port: number): string {
  const url = kamailioDbUrl(t);
  return `#!KAMAILIO
debug=2
log_stderror=yes
children=1
disable_tcp=yes
listen=udp:127.0.0.1:${port}
mpath="${MODULES}/"
loadmodule "${DB_MODULE[t.dialect]}.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
loadmodule "auth_db.so"
modparam("usrloc", "db_url", "${url}")
modparam("usrloc", "db_mode", 1)
modparam("auth_db", "db_url", "${url}")
modparam("auth_db", "calculate_ha1", 0)
modparam("auth_db", "load_credentials", "")

request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (!sanity_check()) { exit; }
  if (is_method("OPTIONS")) { sl_send_reply("200", "Alive"); exit; }
  if (is_method("REGISTER")) {
    if (!www_authorize("$td", "subscriber")) { www_challenge("$td", "0"); exit; }
    consume_credentials();
    if (!save("location")) { sl_reply_error(); }
    exit;
  }
  sl_send_reply("404", "Not here");
}
`;
}

const SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="voipdb: REGISTER with digest authentication">
  <send retrans="500"><![CDATA[
REGISTER sip:${DOMAIN} SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[service]@${DOMAIN}>;tag=[call_number]
To: <sip:[service]@${DOMAIN}>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:[service]@[local_ip]:[local_port]>
Max-Forwards: 70
Expires: 3600
User-Agent: voipdb-e2e
Content-Length: 0

]]></send>
  <recv response="401" auth="true"/>
  <send retrans="500"><![CDATA[
REGISTER sip:${DOMAIN} SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[service]@${DOMAIN}>;tag=[call_number]
To: <sip:[service]@${DOMAIN}>
Call-ID: [call_id]
CSeq: 2 REGISTER
Contact: <sip:[service]@[local_ip]:[local_port]>
[authentication username=alice password=s3cret-e2e]
Max-Forwards: 70
Expires: 3600
User-Agent: voipdb-e2e
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
`;

interface Kamailio {
  proc: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

function startKamailio(dir: string, cfg: string): Kamailio {
  const cfgFile = join(dir, 'kamailio.cfg');
  writeFileSync(cfgFile, cfg);
  const proc = spawn(
    KAMAILIO,
    ['-f', cfgFile, '-P', join(dir, 'kamailio.pid'), '-Y', dir, '-w', dir, '-DD', '-E', '-m', '64', '-M', '8'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(proc);
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((ok) =>
    proc.on('exit', (code) => {
      running.delete(proc);
      ok(code);
    }),
  );
  return { proc, log: () => out, exited };
}

/** Send OPTIONS until Kamailio answers (it is up) or it exits (it refused to start). */
async function waitUp(k: Kamailio, port: number, ms = 20_000): Promise<'up' | 'exited'> {
  const sock = createSocket('udp4');
  await new Promise<void>((ok) => sock.bind(0, '127.0.0.1', () => ok()));
  const me = sock.address().port;
  let answered = false;
  sock.on('message', (m) => {
    if (m.toString().startsWith('SIP/2.0 200')) answered = true;
  });
  let gone = false;
  void k.exited.then(() => (gone = true));
  const deadline = Date.now() + ms;
  try {
    for (let i = 0; Date.now() < deadline; i++) {
      if (answered) return 'up';
      if (gone) return 'exited';
      const msg = [
        `OPTIONS sip:${DOMAIN} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK-probe${i}`,
        `From: <sip:probe@${DOMAIN}>;tag=p${i}`,
        `To: <sip:${DOMAIN}>`,
        `Call-ID: probe-${i}@127.0.0.1`,
        `CSeq: ${i + 1} OPTIONS`,
        'Max-Forwards: 70',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      sock.send(msg, port, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`kamailio did not answer on 127.0.0.1:${port} within ${ms} ms:\n${k.log()}`);
  } finally {
    sock.close();
  }
}

async function stopKamailio(k: Kamailio): Promise<void> {
  if (k.proc.exitCode === null && k.proc.signalCode === null) k.proc.kill('SIGTERM');
  const timer = setTimeout(() => k.proc.kill('SIGKILL'), 10_000);
  await k.exited;
  clearTimeout(timer);
}

function runSipp(dir: string, port: number, clientPort: number): { status: number | null; output: string } {
  const scenario = join(dir, 'register.xml');
  writeFileSync(scenario, SCENARIO);
  const r = spawnSync(
    SIPP,
    [
      `127.0.0.1:${port}`,
      '-sf',
      scenario,
      '-m',
      '1',
      '-l',
      '1',
      '-i',
      '127.0.0.1',
      '-p',
      String(clientPort),
      '-s',
      'alice',
      '-nostdin',
      '-timeout',
      '20s',
      '-timeout_error',
      '-trace_err',
      '-trace_msg',
    ],
    { cwd: dir, encoding: 'utf8', timeout: 40_000 },
  );
  const logs = spawnSync('sh', ['-c', `cat ${dir}/*_messages.log ${dir}/*_errors.log 2>/dev/null`], {
    encoding: 'utf8',
  }).stdout;
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}\n${logs}` };
}

async function addSubscriber(conn: Connection): Promise<void> {
  await conn.execute('INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES (?, ?, ?, ?, ?)', [
    'alice',
    DOMAIN,
    's3cret-e2e',
    md5(`alice:${DOMAIN}:s3cret-e2e`),
    md5(`alice@${DOMAIN}:${DOMAIN}:s3cret-e2e`),
  ]);
}

const backends = (await backendsHere(['postgres', 'mariadb', 'sqlite'])) as { name: BackendName; ok: boolean }[];

for (const { name, ok } of backends) {
  describe.skipIf(!ok || !haveTools)(`Kamailio 5.6.3 on ${name}`, () => {
    test('voipdb creates the database; sipp registers with digest auth (401, 200); the contact is in location; a wrong version row stops Kamailio and check names it', async () => {
      const db = await freshDb(name, 'vt_kame2e');
      dbs.push(db);
      const dir = mkdtempSync(join(tmpdir(), 'voipdb-kam-'));
      dirs.push(dir);
      const conn = await db.connect();
      try {
        // voipdb creates the database, as an admin would
        const created = await runCli([
          'upgrade',
          '--pack',
          'kamailio',
          '-O',
          'groups=standard',
          '-O',
          'release=5.6',
          '--url',
          db.url,
        ]);
        expect(created.code, created.stderr).toBe(0);
        const sets = await kamailioPack.sets({ groups: 'standard', release: '5.6' });
        await addSubscriber(conn);

        const port = await freeUdpPort();
        const cfg = kamailioCfg(db.target, port);
        const k = startKamailio(dir, cfg);
        expect(await waitUp(k, port), k.log()).toBe('up');
        expect(readFileSync(join(dir, 'kamailio.pid'), 'utf8').trim()).toBe(String(k.proc.pid));

        const sipp = runSipp(dir, port, await freeUdpPort());
        expect(sipp.status, sipp.output + '\n--- kamailio ---\n' + k.log()).toBe(0);
        expect(sipp.output).toMatch(/SIP\/2\.0 401 Unauthorized/);
        expect(sipp.output).toMatch(/SIP\/2\.0 200 OK/);
        const rows = await conn.query<{ username: string; contact: string; user_agent: string }>(
          'SELECT username, contact, user_agent FROM location',
        );
        expect(rows).toEqual([
          {
            username: 'alice',
            contact: expect.stringMatching(/^sip:alice@127\.0\.0\.1:\d+$/),
            user_agent: 'voipdb-e2e',
          },
        ]);
        await stopKamailio(k);

        // A version row that disagrees with the table: usrloc refuses, Kamailio does not start.
        await conn.execute("UPDATE version SET table_version = 8 WHERE table_name = 'location'");
        const refused = startKamailio(dir, cfg);
        expect(await waitUp(refused, port), refused.log()).toBe('exited');
        expect(await refused.exited).not.toBe(0);
        expect(refused.log()).toMatch(/invalid version 8 for table location found, expected 9/);
        const message = `version row for "location" says 8, the schema is at 9 (Kamailio's usrloc refuses to start)`;
        expect(await checkVersionRows(conn, sets)).toEqual([message]);
        const checked = await runCli(['check', '--url', db.url]);
        expect(checked.code, checked.stdout + checked.stderr).toBe(1);
        expect(checked.stdout).toContain(message);

        // Put the row right: Kamailio starts again.
        await conn.execute("UPDATE version SET table_version = 9 WHERE table_name = 'location'");
        expect(await checkVersionRows(conn, sets)).toEqual([]);
        const again = startKamailio(dir, cfg);
        expect(await waitUp(again, port), again.log()).toBe('up');
        await stopKamailio(again);
      } finally {
        await conn.close();
      }
    });
  });
}

// Older databases: made at 5.0, 5.2 and 5.4 by those releases' own create scripts (the standard
// group, as `kamdbctl create` makes it), adopted and upgraded by voipdb to 5.6; then Debian's
// Kamailio 5.6 registers alice on it. A 5.0 database is refused by 5.6 before the upgrade.
for (const { name, ok } of backends) {
  describe.skipIf(!ok || !haveTools)(`Kamailio 5.6.3 on an older database, upgraded by voipdb, on ${name}`, () => {
    test.each(['5.0', '5.2', '5.4'])(
      'made by the %s scripts, upgraded to 5.6: sipp registers through auth_db/usrloc',
      async (release) => {
        const db = await freshDb(name, 'vt_kamold');
        dbs.push(db);
        const dir = mkdtempSync(join(tmpdir(), 'voipdb-kam-'));
        dirs.push(dir);
        const conn = await db.connect();
        try {
          await referenceCreate(conn, release, modulesFor(release, ['standard']));
          await addSubscriber(conn);
          const port = await freeUdpPort();
          const cfg = kamailioCfg(db.target, port);
          if (release === '5.0') {
            const refused = startKamailio(dir, cfg);
            expect(await waitUp(refused, port), refused.log()).toBe('exited');
            expect(refused.log()).toMatch(/invalid version 8 for table location found, expected 9/);
          }

          const adopted = await runCli(['adopt', '--pack', 'kamailio', '--url', db.url]);
          expect(adopted.code, adopted.stderr).toBe(0);
          expect(adopted.stdout).toContain(`kamailio/standard at ${release}`);
          const upgraded = await runCli(['upgrade', '--pack', 'kamailio', '-O', 'release=5.6', '--url', db.url]);
          expect(upgraded.code, upgraded.stdout + upgraded.stderr).toBe(0);
          const checked = await runCli(['check', '--pack', 'kamailio', '-O', 'release=5.6', '--url', db.url]);
          expect(checked.code, checked.stdout + checked.stderr).toBe(0);

          const k = startKamailio(dir, cfg);
          expect(await waitUp(k, port), k.log()).toBe('up');
          const sipp = runSipp(dir, port, await freeUdpPort());
          expect(sipp.status, sipp.output + '\n--- kamailio ---\n' + k.log()).toBe(0);
          expect(sipp.output).toMatch(/SIP\/2\.0 401 Unauthorized/);
          expect(sipp.output).toMatch(/SIP\/2\.0 200 OK/);
          const rows = await conn.query<{ username: string; user_agent: string }>(
            'SELECT username, user_agent FROM location',
          );
          expect(rows).toEqual([{ username: 'alice', user_agent: 'voipdb-e2e' }]);
          await stopKamailio(k);
        } finally {
          await conn.close();
        }
      },
    );
  });
}
