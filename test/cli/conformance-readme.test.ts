// The README, run as a user runs it (issue 22, "make the class impossible"):
// - every example command in the README's code blocks is found by parsing the README and must have
//   a row in EXAMPLES below (a new example fails the suite until it has one); each row runs the
//   example through bin/voipdb.js with bash (pipes and redirections as written), on real servers or
//   the embedded default, with only the substitutions the row names (its own URLs and files), and
//   checks its exit code and output — the output the README shows after a `$ ` line included. An
//   example that needs what is not here is listed with the reason, never skipped in silence;
// - every row of the README's exit-code table is produced through the CLI, from one table (CODES);
// - every `next:` hint these runs print that names a voipdb command is run, as the user would,
//   with the target of the command that printed it: it must be accepted (a documented exit code,
//   never 10), and the hints printed for a problem voipdb can fix resolve it.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import {
  available,
  freshDb,
  PG_ADMIN_URL,
  programAvailable,
  requireServers,
  uniqueName,
  type BackendName,
  type TestDb,
} from '../helpers/backends.js';
import { BIN, ROOT, collect, ensureBuilt, runCli, runProgram, spawnCli, type CliResult } from '../helpers/cli.js';
import { modulesFor, referenceCreate } from '../kamailio/reference.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

export interface Example {
  /** The command as the README writes it: continuation lines joined, a trailing `# comment` dropped. */
  text: string;
  line: number;
  /** The lines a `$ ` example shows as its output (`...`/`…` lines left out). */
  shown: string[];
}

const isCommand = (c: string) =>
  /^(\.\/bin\/voipdb\.js|voipdb|npx (-y )?voipdb|npm install && \.\/bin\/voipdb\.js)\s/.test(c);
const normal = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every example command in the README's code blocks (fenced, and indented by four spaces). */
export function readmeExamples(text = README): Example[] {
  const lines = text.split('\n');
  const out: Example[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const f = /^```(\w*)/.exec(l);
    if (f) {
      fence = fence === undefined ? f[1]! : undefined;
      continue;
    }
    const inFence = fence !== undefined;
    if (!inFence && !/^ {4}\S/.test(l)) continue;
    let code = l.trim();
    const dollar = code.startsWith('$ ');
    if (dollar) code = code.slice(2);
    // A YAML list item holding a command (a Kubernetes Job's args): its folded lines belong to it.
    if (fence === 'yaml' && code.startsWith('- ')) {
      code = code.slice(2);
      const indent = l.search(/\S/);
      while (i + 1 < lines.length && lines[i + 1]!.search(/\S/) > indent && !/^\s*- /.test(lines[i + 1]!))
        code += ' ' + lines[++i]!.trim();
    }
    if (!isCommand(code)) continue;
    const line = i + 1;
    while (code.endsWith('\\') && i + 1 < lines.length) code = code.slice(0, -1) + ' ' + lines[++i]!.trim();
    code = code.replace(/\s+#\s.*$/, '');
    const shown: string[] = [];
    if (dollar) {
      for (let j = i + 1; j < lines.length && !/^(\$ |```)/.test(lines[j]!); j++)
        if (lines[j]!.trim() && !/\.\.\.|…/.test(lines[j]!)) shown.push(normal(lines[j]!));
    }
    out.push({ text: normal(code), line, shown });
  }
  return out;
}

/** What a row's example runs in. */
interface World {
  dir: string;
  env: Record<string, string>;
  dbs: TestDb[];
  /** Named resources rows share (a database made by one row, used by the next). */
  has: Map<string, string>;
}

interface Row {
  /** Why the example cannot run here (listed in the suite's output), when it cannot. */
  skip?: string;
  /** Servers it needs; without them it is listed as skipped, or fails under VOIPDB_REQUIRE_SERVERS. */
  needs?: BackendName[];
  /** Programs it needs (absolute paths), checked as the end-to-end suites check theirs (VOIPDB_REQUIRE_PROGRAMS). */
  programs?: string[];
  /** The README's words replaced, each with its reason in the row's comment: this test's own URLs and files. */
  subst?: (w: World) => [string, string][];
  setup?: (w: World) => Promise<void>;
  code: number;
  check?: (r: CliResult, w: World) => void | Promise<void>;
  timeoutMs?: number;
}

const adminServer = (url: string) => url.replace(/\/[^/]*$/, '');

async function makeDb(w: World, key: string, b: BackendName): Promise<string> {
  if (!w.has.has(key)) {
    const db = await freshDb(b, 'cfr');
    w.dbs.push(db);
    w.has.set(key, db.url);
  }
  return w.has.get(key)!;
}

/** Two empty tenant databases on this PostgreSQL server; their common prefix. */
async function tenantDatabases(w: World): Promise<string> {
  const prefix = uniqueName('cft');
  for (let i = 0; i < 2; i++) {
    const a = await connect(parseTarget(PG_ADMIN_URL));
    await a.exec(`CREATE DATABASE "${prefix}_${i}"`);
    await a.close();
    w.dbs.push({
      drop: async () => {
        const d = await connect(parseTarget(PG_ADMIN_URL));
        await d.exec(`DROP DATABASE IF EXISTS "${prefix}_${i}" WITH (FORCE)`).catch(() => {});
        await d.close();
      },
    } as TestDb);
  }
  return prefix;
}

/** The README's tenants.yaml, with this test's servers, files and an edge directory. */
async function tenantsYaml(w: World): Promise<void> {
  if (w.has.has('tenants')) return;
  const yaml = /```yaml\n(# tenants\.yaml\n[\s\S]*?)```/.exec(README)![1]!;
  const prefix = await tenantDatabases(w);
  const acme = await makeDb(w, 'acme', 'mariadb');
  // An edge box's SQLite file: the glob must match something.
  mkdirSync(join(w.dir, 'edge'), { recursive: true });
  const edge = await runCli([
    'init',
    '--pack',
    'asterisk',
    '-s',
    'cdr',
    '--url',
    `sqlite:${join(w.dir, 'edge', 'pbx1.db')}`,
  ]);
  expect(edge.code, edge.stderr).toBe(0);
  writeFileSync(join(w.dir, 'db.pw'), 'unused\n');
  writeFileSync(join(w.dir, 'empty.pw'), '');
  writeFileSync(
    join(w.dir, 'tenants.yaml'),
    yaml
      .replace('postgresql://voipdb@db1/postgres', PG_ADMIN_URL)
      .replace("'tenant_%'", `'${prefix}_%'`)
      .replace('mysql://voipdb@db2/acme', acme)
      .replace('/etc/voipdb/db1.pw', join(w.dir, 'db.pw'))
      // This MariaDB's root has no password: an empty file says so.
      .replace('/etc/voipdb/db2.pw', join(w.dir, 'empty.pw'))
      .replace('/srv/edge/*.db', join(w.dir, 'edge', '*.db')),
  );
  w.has.set('tenants', prefix);
}

const KAM_URL = 'postgresql://kamailio@localhost/kamailio';
const kamailio = (code: number): Row => ({
  needs: ['postgres'],
  // The README's database is a Debian 11 server's: here one made by Kamailio 5.4's own create scripts.
  subst: (w) => [[KAM_URL, w.has.get('kam')!]],
  setup: async (w) => {
    if (w.has.has('kam')) return;
    const url = await makeDb(w, 'kam', 'postgres');
    const conn = await connect(parseTarget(url));
    await referenceCreate(conn, '5.4', modulesFor('5.4', ['standard', 'presence']));
    await conn.close();
  },
  code,
});

/** One row per example; the key is the example as readmeExamples() gives it. */
const EXAMPLES: Record<string, Row> = {
  // The tests run from an installed tree: `npm install &&` is left out. The embedded default, in a new directory.
  'npm install && ./bin/voipdb.js init --pack asterisk': {
    subst: () => [['npm install && ', '']],
    code: 0,
    check: (r) => {
      expect(r.stdout).toMatch(/asterisk\/config\s+OK/);
      expect(r.stdout).toMatch(/total tables: \d+/);
    },
    timeoutMs: 300_000,
  },
  './bin/voipdb.js upgrade --dir examples/pbx --url pglite:./pbx-data': {
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/V1__\w+\.sql/),
    timeoutMs: 300_000,
  },
  './bin/voipdb.js status --dir examples/pbx --url pglite:./pbx-data': {
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/pbx\s+OK/),
  },
  // An Asterisk config.ini (alembic's), its URL a SQLite file here.
  'voipdb -c config.ini upgrade head': {
    setup: async (w) => {
      writeFileSync(
        join(w.dir, 'config.ini'),
        '[alembic]\nscript_location = config\nsqlalchemy.url = sqlite:///ini.db\n\n[loggers]\nkeys = root\n',
      );
    },
    code: 0,
    check: async (r, w) => {
      expect(r.stdout).toMatch(/step\(s\) applied/);
      const again = await voipdb(w, ['-c', 'config.ini', 'check']);
      expect(again.code, again.stdout).toBe(0);
    },
  },
  'voipdb -c config.ini sql > config.sql': {
    code: 0,
    check: (_r, w) => {
      const sql = readFileSync(join(w.dir, 'config.sql'), 'utf8');
      expect(sql).toContain('CREATE TABLE');
      expect(sql).toContain('alembic_version_config');
    },
  },
  'voipdb adopt --pack kamailio --url postgresql://kamailio@localhost/kamailio': kamailio(0),
  // What it shows names the Kamailio installed here (Debian 12's 5.6.3): with another, another release.
  'voipdb check --pack kamailio -O groups=standard,presence --url postgresql://kamailio@localhost/kamailio': {
    ...kamailio(1),
    programs: ['/usr/sbin/kamailio'],
  },
  'voipdb sql --pack kamailio -O groups=standard,presence -O release=5.6 --from 5.4 --dialect postgresql': { code: 0 },
  'voipdb upgrade --pack kamailio -O groups=standard,presence -O release=5.6 --url postgresql://kamailio@localhost/kamailio':
    kamailio(0),
  'voipdb sql --pack kamailio -O groups=standard,presence -O release=6.1 --from 5.6 --dialect postgresql': { code: 0 },
  'voipdb upgrade --pack kamailio -O groups=standard,presence -O release=6.1 --url postgresql://kamailio@localhost/kamailio':
    kamailio(0),
  // The optional parts in brackets given; the source a SER 0.9 database (the ser-0.9 pack) with a
  // domain and a subscriber, the destination an empty database, both on this MariaDB.
  'voipdb convert ser -i mysql://ser@old/ser -o mysql://ser@new/ser_new [-t subscriber,acc] [-v] [--on-error skip]': {
    needs: ['mariadb'],
    subst: (w) => [
      ['mysql://ser@old/ser', w.has.get('ser')!],
      ['mysql://ser@new/ser_new', w.has.get('serNew')!],
      ['[-t subscriber,acc] [-v] [--on-error skip]', '-t subscriber,acc -v --on-error skip'],
    ],
    setup: async (w) => {
      const src = await makeDb(w, 'ser', 'mariadb');
      await makeDb(w, 'serNew', 'mariadb');
      const init = await runCli(['init', '--pack', 'ser-0.9', '--url', src]);
      expect(init.code, init.stderr).toBe(0);
      const conn = await connect(parseTarget(src));
      await conn.exec("INSERT INTO domain (domain) VALUES ('example.com')");
      await conn.exec(
        "INSERT INTO subscriber (phplib_id, username, domain, password, email_address) VALUES ('p1', 'alice', 'example.com', 'secret', 'a@example.com')",
      );
      await conn.close();
    },
    code: 0,
    check: async (_r, w) => {
      const conn = await connect(parseTarget(w.has.get('serNew')!));
      const rows = await conn.query<{ n: number }>('SELECT COUNT(*) AS n FROM credentials');
      await conn.close();
      expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    },
  },
  // The dbscripts tree of this project's fixture, on a new PostgreSQL database.
  'voipdb upgrade --pack ovirt --option dir=/usr/share/ovirt-engine/dbscripts --url postgresql://engine@db/engine': {
    needs: ['postgres'],
    subst: (w) => [
      ['/usr/share/ovirt-engine/dbscripts', join(ROOT, 'test', 'fixtures', 'ovirt-dbscripts')],
      ['postgresql://engine@db/engine', w.has.get('engine')!],
    ],
    setup: async (w) => void (await makeDb(w, 'engine', 'postgres')),
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/ovirt/),
  },
  // The fixture tree (a copy), whose oldest series is 01_00, not 04_01.
  'voipdb squash --dir dbscripts --series 04_01 --out dbscripts.new': {
    subst: () => [['04_01', '01_00']],
    setup: async (w) =>
      cpSync(join(ROOT, 'test', 'fixtures', 'ovirt-dbscripts'), join(w.dir, 'dbscripts'), { recursive: true }),
    code: 0,
    check: (_r, w) => expect(existsSync(join(w.dir, 'dbscripts.new', 'create_tables.sql'))).toBe(true),
    timeoutMs: 300_000,
  },
  // This PostgreSQL server (trust: the password file is read and not needed), two new tenant databases.
  "voipdb fleet upgrade --server postgresql://voipdb@db1 --databases 'tenant_%' --password-file /etc/voipdb/db1.pw -p asterisk --parallel 4 --canary 2 --max-failures 3":
    {
      needs: ['postgres'],
      subst: (w) => [
        ['postgresql://voipdb@db1', adminServer(PG_ADMIN_URL)],
        ['tenant_%', `${w.has.get('server')}_%`],
        ['/etc/voipdb/db1.pw', join(w.dir, 'db.pw')],
      ],
      // Tenants of their own (the inventory's, below, exclude iax: another choice of modules).
      setup: async (w) => {
        w.has.set('server', await tenantDatabases(w));
        writeFileSync(join(w.dir, 'db.pw'), 'unused\n');
      },
      code: 0,
      check: (r) => expect(r.stdout).toMatch(/^upgraded\s+2$/m),
    },
  // Two tenant files made here.
  "voipdb fleet check --sqlite '/srv/tenants/*.db' -p asterisk": {
    subst: (w) => [['/srv/tenants', join(w.dir, 'tenants')]],
    setup: async (w) => {
      mkdirSync(join(w.dir, 'tenants'), { recursive: true });
      for (const t of ['a', 'b']) {
        const r = await runCli(['init', '--pack', 'asterisk', '--url', `sqlite:${join(w.dir, 'tenants', t + '.db')}`]);
        expect(r.code, r.stderr).toBe(0);
      }
    },
    code: 0,
  },
  // The README's tenants.yaml, with this test's servers and files.
  'voipdb fleet upgrade -i tenants.yaml --json > run.jsonl': {
    needs: ['postgres', 'mariadb'],
    setup: tenantsYaml,
    code: 0,
    check: (_r, w) => {
      const lines = readFileSync(join(w.dir, 'run.jsonl'), 'utf8').trim().split('\n');
      expect(lines.filter((l) => /"ok":\s*false/.test(l))).toEqual([]);
      expect(lines.length).toBeGreaterThanOrEqual(4); // 2 tenants, acme, the summary
    },
  },
  // npx fetches the published package: this tree's command instead; the Job's index is 0, its volumes here.
  'npx -y voipdb fleet upgrade -i /etc/voipdb/tenants.yaml --shard $JOB_COMPLETION_INDEX/4 --record /var/lib/voipdb/run-$JOB_COMPLETION_INDEX.jsonl --resume --json':
    {
      needs: ['postgres', 'mariadb'],
      subst: (w) => [
        ['npx -y voipdb', 'voipdb'],
        ['/etc/voipdb/tenants.yaml', join(w.dir, 'tenants.yaml')],
        ['/var/lib/voipdb', w.dir],
        ['$JOB_COMPLETION_INDEX', '0'],
      ],
      setup: tenantsYaml,
      code: 0,
      check: (_r, w) => expect(existsSync(join(w.dir, 'run-0.jsonl'))).toBe(true),
    },
  // $URL: a SQLite database with every Asterisk set.
  './bin/voipdb.js --url "$URL" report -o report.html': {
    setup: asteriskUrl,
    code: 0,
    check: (_r, w) => expect(readFileSync(join(w.dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i),
  },
  './bin/voipdb.js --url "$URL" erd -o schema.svg': {
    setup: asteriskUrl,
    code: 0,
    check: (_r, w) => expect(readFileSync(join(w.dir, 'schema.svg'), 'utf8')).toContain('<svg'),
  },
  './bin/voipdb.js --url "$URL" erd --set asterisk/config --columns keys -o config.svg': {
    setup: asteriskUrl,
    code: 0,
    check: (_r, w) => expect(readFileSync(join(w.dir, 'config.svg'), 'utf8')).toContain('ps_endpoints'),
  },
  './bin/voipdb.js --url "$URL" erd --format dot | dot -Tpdf -o schema.pdf': {
    programs: ['/usr/bin/dot'],
    setup: asteriskUrl,
    code: 0,
    check: (_r, w) => expect(readFileSync(join(w.dir, 'schema.pdf')).subarray(0, 5).toString()).toBe('%PDF-'),
  },
  './bin/voipdb.js --url "$URL" erd --format mermaid --tables ps_endpoints,ps_aors,ps_auths': {
    setup: asteriskUrl,
    code: 0,
    check: (r) => {
      expect(r.stdout).toMatch(/^erDiagram/m);
      expect(r.stdout).toContain('ps_aors');
    },
  },
  './bin/voipdb.js report --fleet -i tenants.yaml -o fleet.html': {
    needs: ['postgres', 'mariadb'],
    setup: tenantsYaml,
    code: 0,
    check: (_r, w) => expect(readFileSync(join(w.dir, 'fleet.html'), 'utf8')).toContain('acme'),
  },
};

async function asteriskUrl(w: World): Promise<void> {
  if (w.env.URL) return;
  const url = `sqlite:${join(w.dir, 'asterisk.db')}`;
  const r = await runCli(['init', '--pack', 'asterisk', '--url', url]);
  expect(r.code, r.stderr).toBe(0);
  w.env.URL = url;
}

/** Every `next:` hint printed, with what printed it. */
interface Printed {
  hint: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}
const printed: Printed[] = [];
const codesSeen: number[] = [];

function collectHints(r: CliResult, args: string[], w: World): void {
  codesSeen.push(r.code ?? -1);
  for (const m of (r.stderr + '\n' + r.stdout).matchAll(/next: ([^\n]+)/g))
    printed.push({ hint: m[1]!, args, cwd: w.dir, env: { ...w.env, VOIPDB_FAILPOINTS: undefined } as never });
}

async function voipdb(w: World, args: string[]): Promise<CliResult> {
  const r = await runCli(args, { cwd: w.dir, env: w.env });
  collectHints(r, args, w);
  return r;
}

/** Run an example's text with bash: `voipdb` is this tree's command, ./bin/voipdb.js and examples/ are there. */
async function runExample(text: string, w: World, timeoutMs: number): Promise<CliResult> {
  const script = `set -o pipefail; voipdb() { node ${JSON.stringify(BIN)} "$@"; }; ${text}`;
  const r = await runProgram('bash', ['-c', script], { cwd: w.dir, env: w.env, timeoutMs });
  collectHints(r, text.split(/\s+/).slice(1), w);
  return r;
}

const servers = new Map<BackendName, boolean>();
for (const b of ['postgres', 'mariadb'] as const) servers.set(b, await available(b));

const world: World = { dir: '', env: {}, dbs: [], has: new Map() };
beforeAll(() => {
  ensureBuilt();
  world.dir = mkdtempSync(join(tmpdir(), 'voipdb-readme-'));
  symlinkSync(join(ROOT, 'bin'), join(world.dir, 'bin'));
  symlinkSync(join(ROOT, 'examples'), join(world.dir, 'examples'));
}, 180_000);
afterAll(async () => {
  for (const d of world.dbs) await d.drop().catch(() => {});
  if (world.dir) rmSync(world.dir, { recursive: true, force: true });
});

/** Why a row cannot run here: its own reason, a server or a program it needs. */
function skipReason(row: Pick<Row, 'skip' | 'needs' | 'programs'>): string | undefined {
  const missing = (row.needs ?? []).filter((b) => !servers.get(b));
  const noProgram = (row.programs ?? []).filter((p) => !programAvailable(p));
  if (row.skip) return row.skip;
  if (missing.length && !requireServers) return `needs ${missing.join(' and ')}`;
  return noProgram.length ? `needs ${noProgram.join(' and ')}` : undefined;
}

/** A row's setup run, and the README's words replaced by this test's own (each must be there). */
async function prepare(row: Pick<Row, 'setup' | 'subst'>, text: string): Promise<string> {
  await row.setup?.(world);
  for (const [from, to] of row.subst?.(world) ?? []) {
    expect(text, `substitution "${from}"`).toContain(from);
    text = text.split(from).join(to);
  }
  return text;
}

const examples = readmeExamples();
const skipped: string[] = [];

describe('README examples', () => {
  it('are found, and every one has a row (a new example needs one)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
    expect(examples.map((e) => e.text).filter((t) => !EXAMPLES[t])).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((k) => !examples.some((e) => e.text === k))).toEqual([]);
  });

  for (const ex of examples) {
    const row = EXAMPLES[ex.text];
    if (!row) continue;
    const why = skipReason(row);
    if (why) skipped.push(`README line ${ex.line}: ${ex.text} — ${why}`);
    it.skipIf(!!why)(
      `line ${ex.line}: ${ex.text}`,
      async () => {
        const text = await prepare(row, ex.text);
        const r = await runExample(text, world, row.timeoutMs ?? 180_000);
        // Output sent to a file by the example is shown when the code is not the expected one.
        const sent = /> (\S+)$/.exec(text)?.[1];
        const file = sent && existsSync(join(world.dir, sent)) ? readFileSync(join(world.dir, sent), 'utf8') : '';
        expect(r.code, `${text}\n${r.stdout}\n${r.stderr}\n${file.slice(0, 4000)}`).toBe(row.code);
        expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
        // What the README shows after a `$ ` line is what the command prints (spacing aside).
        const out = normal(r.stdout + '\n' + r.stderr);
        for (const line of ex.shown) expect(out, `README line ${ex.line} shows: ${line}`).toContain(line);
        await row.check?.(r, world);
      },
      row.timeoutMs ?? 240_000,
    );
  }

  it('lists the examples it could not run, with the reason', () => {
    if (skipped.length) console.warn(`README examples not run here:\n  ${skipped.join('\n  ')}`);
    if (requireServers) expect(skipped.filter((s) => /needs (postgres|mariadb)/.test(s))).toEqual([]);
  });
});

/** Every `voipdb <command> ...` the README names in its prose and tables (code spans), with the options it shows. */
export function readmeCommandSpans(text = README): { command: string[]; options: string[]; span: string }[] {
  const out: { command: string[]; options: string[]; span: string }[] = [];
  const commandsTable = text.split(/^## Commands$/m)[1]!.split(/^## /m)[0]!;
  // The Commands table: the command in the first column, options anywhere in its row.
  for (const row of commandsTable.split('\n').filter((l) => l.startsWith('| `'))) {
    const first = /^\| `([a-z-]+)(?: ([a-z]+)\\\|)?/.exec(row)!;
    const options = [...row.matchAll(/`(--[a-z][a-z-]*)/g)].map((m) => m[1]!);
    if (first[1] === 'fleet') continue; // its subcommands are checked through their spans below
    out.push({ command: [first[1]!], options, span: row.slice(0, 60) });
  }
  for (const m of text.matchAll(/`(?:\.\/bin\/voipdb\.js|voipdb) ([a-z][a-z-]*)((?: [^`]*)?)`/g)) {
    const words = [m[1]!, ...m[2]!.trim().split(/\s+/)];
    const command = words[0] === 'fleet' && /^[a-z]+$/.test(words[1] ?? '') ? words.slice(0, 2) : words.slice(0, 1);
    const options = [...m[2]!.matchAll(/(?:^|[\s[])(--[a-z][a-z-]*)/g)].map((x) => x[1]!);
    out.push({ command, options, span: m[0] });
  }
  return out;
}

describe('every command and option the README names exists', () => {
  it('each `voipdb <command> --option` span and Commands-table row: the command is there and takes the option', async () => {
    const top = await runCli(['--help']);
    const names = new Set(
      [...top.stdout.matchAll(/^ {2}([a-z-]+)(?:\|([a-z-]+))?/gm)].flatMap((m) => [m[1]!, m[2] ?? m[1]!]),
    );
    // "voipdb pid 4242 by root@pbx1": a lock holder's description, quoted; "voipdb fleet" alone names the family.
    const prose = (c: string[]) => c[0] === 'pid';
    const helps = new Map<string, string>();
    const problems: string[] = [];
    const spans = readmeCommandSpans();
    expect(spans.length).toBeGreaterThan(30);
    expect(spans.flatMap((x) => x.options).length).toBeGreaterThan(30);
    for (const { command, options, span } of spans) {
      if (prose(command)) continue;
      if (!names.has(command[0]!)) {
        problems.push(`${span}: no command "${command[0]}"`);
        continue;
      }
      const key = command.join(' ');
      if (!helps.has(key)) {
        const h = await runCli([...command, '--help']);
        if (h.code !== 0) problems.push(`${span}: voipdb ${key} --help exits ${h.code}`);
        helps.set(key, h.stdout);
      }
      for (const o of options) {
        const listed = (t: string) => new RegExp(`(^|[\\s,])${o}\\b`, 'm').test(t);
        if (!listed(helps.get(key)!) && !listed(top.stdout)) problems.push(`${span}: voipdb ${key} has no ${o}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});

/** A PostgreSQL database made by `init --pack <pack>` for the rows below, shared by name. */
async function pgWith(w: World, key: string, pack: string): Promise<string> {
  if (!w.has.has(key)) {
    const url = await makeDb(w, key, 'postgres');
    const r = await runCli(['init', '--pack', pack, '--url', url]);
    expect(r.code, r.stderr).toBe(0);
  }
  return w.has.get(key)!;
}

/**
 * The complete commands the README gives in its prose (a code span with arguments): each runs, its
 * placeholders (FILE, MASTER, [optional parts]) given values here, or is listed with the reason.
 */
const INLINE: Record<string, Row & { args?: (w: World) => Promise<string> }> = {
  'voipdb adopt --pack asterisk': { args: async (w) => (await asteriskUrl(w), '--url "$URL"'), code: 0 },
  'voipdb adopt --pack kamailio': {
    needs: ['postgres'],
    // The database the README's Kamailio walk-through made (at 6.1 by now).
    args: async (w) => `--url ${w.has.get('kam') ?? (await kamailioMade(w))}`,
    code: 0,
  },
  'voipdb backup -f FILE': {
    subst: (w) => [['FILE', join(w.dir, 'inline.backup')]],
    args: async (w) => (await asteriskUrl(w), '--url "$URL"'),
    code: 0,
  },
  'voipdb restore -f FILE': {
    // Into a new, empty database: no --force needed.
    subst: (w) => [['FILE', join(w.dir, 'inline.backup')]],
    args: async (w) => `--url sqlite:${join(w.dir, 'restored.db')}`,
    code: 0,
  },
  'voipdb doctor [--json]': {
    subst: () => [['[--json]', '--json']],
    args: async (w) => (await asteriskUrl(w), '--url "$URL"'),
    code: 0,
    check: (r) => expect(JSON.parse(r.stdout)).toBeTruthy(),
  },
  'voipdb grants --pack kamailio': { code: 0, check: (r) => expect(r.stdout).toContain('kamailioro') },
  'voipdb grants --pack ominis': {
    needs: ['postgres'],
    args: async (w) => `--url ${await pgWith(w, 'pgA', 'asterisk')}`,
    code: 0,
    check: (r) => expect(r.stdout).toContain('analytics_user'),
  },
  'voipdb init --pack kamailio -O groups=standard,presence,extra,uid -O release=5.8': {
    args: async (w) => `--url sqlite:${join(w.dir, 'kam58.db')}`,
    code: 0,
  },
  'voipdb init --pack ominis': { args: async (w) => `--url sqlite:${join(w.dir, 'ominis.db')}`, code: 0 },
  'voipdb init --pack xivo': {
    needs: ['postgres'],
    args: async (w) => `--url ${await makeDb(w, 'pgXivo', 'postgres')}`,
    code: 0,
  },
  'voipdb merge --url ASTERISK --from XIVO': {
    skip: "needs a XiVO pair: an asterisk database and a xivo one made by XiVO's tools (test/xivo/cli.test.ts merges one)",
    code: 0,
  },
  'voipdb odbc [--dsn callcenter] [--user freeswitch_user] [--out /etc/freeswitch/odbc --with-password]': {
    needs: ['postgres'],
    subst: (w) => [
      [
        '[--dsn callcenter] [--user freeswitch_user] [--out /etc/freeswitch/odbc --with-password]',
        `--dsn callcenter --user freeswitch_user --out ${join(w.dir, 'odbc')} --with-password`,
      ],
    ],
    setup: async (w) => void (w.env.VOIPDB_PASSWORD_FREESWITCH_USER = 'fs-secret'),
    args: async (w) => `--url ${await pgWith(w, 'pgA', 'asterisk')}`,
    code: 0,
    check: (r, w) => {
      expect(readFileSync(join(w.dir, 'odbc', 'odbc.ini'), 'utf8')).toContain('[callcenter]');
      expect(r.stdout + r.stderr).not.toContain('fs-secret');
    },
  },
  'voipdb online --add-primary-key queue_log --grant asterisk': {
    needs: ['postgres'],
    args: async (w) => `--url ${await pgWith(w, 'pgXivo2', 'xivo')}`,
    code: 0,
  },
  'voipdb online --add-primary-key queue_log': {
    needs: ['postgres'],
    args: async (w) => `--url ${await pgWith(w, 'pgXivo2', 'xivo')}`,
    code: 0,
  },
  // Names of a command or an option in a sentence, not commands to run: the check that every command
  // and option the README names exists covers them.
  'voipdb online --add-column': {
    skip: 'names the option (its full form: online --add-column <table> --definition ...)',
    code: 0,
  },
  'voipdb online --add-primary-key': { skip: 'names the option; its full form is the row above', code: 0 },
  'voipdb convert ser': { skip: 'names the command; its full form is the indented example (line 416)', code: 0 },
  'voipdb prune --before 2014-03-01 [--table queue_log --column time]': {
    subst: () => [['[--table queue_log --column time]', '--table queue_log --column time']],
    args: async (w) => (await asteriskUrl(w), '--url "$URL"'),
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/deleted/),
  },
  'voipdb replicate --url MASTER --to STANDBY': {
    needs: ['postgres'],
    subst: (w) => [
      ['MASTER', w.has.get('pgA')!],
      ['STANDBY', w.has.get('pgB')!],
    ],
    setup: async (w) => {
      await pgWith(w, 'pgA', 'asterisk');
      await pgWith(w, 'pgB', 'asterisk');
    },
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/copied/),
  },
  'voipdb sql --dialect postgresql|mysql|sqlite': {
    // One of the three, each in turn.
    subst: () => [['postgresql|mysql|sqlite', 'postgresql']],
    args: async () =>
      '--pack asterisk && voipdb sql --dialect mysql --pack asterisk && voipdb sql --dialect sqlite --pack asterisk',
    code: 0,
  },
  'voipdb upgrade --wait-replicas [seconds]': {
    needs: ['postgres'],
    subst: () => [['[seconds]', '5']],
    args: async (w) => `--pack asterisk --url ${await pgWith(w, 'pgA', 'asterisk')}`,
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/no standby is streaming/),
  },
  'voipdb upgrade --in-flight applied': {
    skip: 'needs a run stopped with a statement in doubt: test/e2e/crash-edges.test.ts stops one and runs it',
    code: 0,
  },
  'npm install voipdb-0.1.0.tgz && npx voipdb init --pack asterisk': {
    skip: 'installs the packed tarball with npm, which fetches its dependencies from the registry: not from a test',
    code: 0,
  },
};

async function kamailioMade(w: World): Promise<string> {
  const url = await makeDb(w, 'kam', 'postgres');
  const r = await runCli(['init', '--pack', 'kamailio', '-O', 'groups=standard,presence', '--url', url]);
  expect(r.code, r.stderr).toBe(0);
  return url;
}

/** The README's prose code spans that are complete commands: a command with arguments. */
function inlineExamples(): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  README.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(/`((?:npm install \S+ && npx )?voipdb [a-z][a-z-]*(?: [^`]+))`/g)) {
      // A lock holder's description ("voipdb pid 4242 by ..."), not a command.
      if (/^voipdb pid /.test(m[1]!)) continue;
      out.push({ text: m[1]!, line: i + 1 });
    }
  });
  return [...new Map(out.map((e) => [e.text, e])).values()];
}

describe('README commands given in its prose', () => {
  const found = inlineExamples();
  it('every one has a row', () => {
    expect(found.length).toBeGreaterThan(10);
    expect(found.map((e) => e.text).filter((t) => !INLINE[t])).toEqual([]);
    expect(Object.keys(INLINE).filter((k) => !found.some((e) => e.text === k))).toEqual([]);
  });
  for (const ex of found) {
    const row = INLINE[ex.text];
    if (!row) continue;
    const why = skipReason(row);
    if (why) skipped.push(`README line ${ex.line}: ${ex.text} — ${why}`);
    it.skipIf(!!why)(
      `line ${ex.line}: ${ex.text}`,
      async () => {
        let text = await prepare(row, ex.text);
        if (row.args) text += ' ' + (await row.args(world));
        const r = await runExample(text, world, 180_000);
        expect(r.code, `${text}\n${r.stdout}\n${r.stderr}`).toBe(row.code);
        expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
        await row.check?.(r, world);
      },
      240_000,
    );
  }
  it('lists the ones it could not run, with the reason', () => {
    console.warn(`README commands not run here:\n  ${skipped.join('\n  ')}`);
    if (requireServers) expect(skipped.filter((x) => /needs (postgres|mariadb)/.test(x))).toEqual([]);
  });
});

/** The README's exit-code table. */
function readmeExitCodes(): number[] {
  const section = README.split(/^## Exit codes$/m)[1]!.split(/^#+ /m)[0]!;
  return [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
}

interface CodeRow {
  needs?: BackendName[];
  /** Runs the CLI into that exit code; returns the run. */
  run(w: World): Promise<CliResult>;
  /** What its one line says. */
  says: RegExp;
}

/** A directory set in the world's directory, written afresh. */
function dirSet(w: World, name: string, files: Record<string, string>): string {
  const dir = join(w.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const sqliteUrl = (w: World, name: string) => `sqlite:${join(w.dir, name + '.db')}`;

function interrupted(w: World, name: string, signal: string): Promise<CliResult> {
  const d = dirSet(w, name, {
    'V1__a.sql': `CREATE TABLE ${name}_a (id INT);`,
    'V2__b.sql': `CREATE TABLE ${name}_b (id INT);`,
    'V3__c.sql': `CREATE TABLE ${name}_c (id INT);`,
  });
  return voipdb({ ...w, env: { ...w.env, VOIPDB_FAILPOINTS: `before-statement@2=${signal}` } }, [
    'upgrade',
    '--dir',
    d,
    '--url',
    sqliteUrl(w, name),
  ]);
}

/** One scenario per row of the README's exit-code table. */
const CODES: Record<number, CodeRow> = {
  0: {
    run: async (w) => {
      const d = dirSet(w, 'c0', { 'V1__a.sql': 'CREATE TABLE c0 (id INT);' });
      await voipdb(w, ['upgrade', '--dir', d, '--url', sqliteUrl(w, 'c0')]);
      return voipdb(w, ['check', '--dir', d, '--url', sqliteUrl(w, 'c0')]);
    },
    says: /all sets up to date/,
  },
  1: {
    run: async (w) => {
      const d = dirSet(w, 'c1', { 'V1__a.sql': 'CREATE TABLE c1 (id INT);' });
      await voipdb(w, ['upgrade', '--dir', d, '--url', sqliteUrl(w, 'c1')]);
      writeFileSync(join(d, 'V2__b.sql'), 'ALTER TABLE c1 ADD COLUMN b INT;');
      return voipdb(w, ['check', '--dir', d, '--url', sqliteUrl(w, 'c1')]);
    },
    says: /not up to date/,
  },
  2: { run: (w) => voipdb(w, ['check', '--no-such-flag']), says: /unknown option '--no-such-flag'/ },
  3: {
    run: (w) => voipdb(w, ['check', '--pack', 'asterisk', '--url', 'postgresql://postgres@127.0.0.1:1/none']),
    says: /cannot reach the database server at 127\.0\.0\.1:1/,
  },
  4: {
    run: (w) => voipdb(w, ['check', '--pack', 'asterisk', '--url', 'oracle://scott@db/orcl']),
    says: /does not support oracle/,
  },
  5: {
    run: async (w) => {
      const d = dirSet(w, 'c5', { 'V1__a.sql': 'CREATE TABLE c5 (id INT);' });
      const url = sqliteUrl(w, 'c5');
      const holder = spawnCli(['upgrade', '--dir', d, '--url', url], {
        cwd: w.dir,
        env: { ...w.env, VOIPDB_FAILPOINTS: 'before-statement=sleep:8000' },
      });
      const held = collect(holder);
      await new Promise<void>((resolve) => {
        holder.stderr!.on('data', (s: Buffer) => String(s).includes('failpoint') && resolve());
      });
      const r = await voipdb(w, ['upgrade', '--dir', d, '--url', url, '--lock-timeout', '1']);
      expect((await held).code).toBe(0);
      return r;
    },
    says: /lock/,
  },
  6: {
    run: (w) =>
      voipdb(w, [
        'upgrade',
        '--dir',
        dirSet(w, 'c6', { 'V1__bad.sql': 'CREATE TABLE (;' }),
        '--url',
        sqliteUrl(w, 'c6'),
      ]),
    says: /V1__bad\.sql failed at statement 1 of 1/,
  },
  7: {
    run: async (w) => {
      const d = dirSet(w, 'c7', { 'V1__a.sql': 'CREATE TABLE c7 (id INT);' });
      await voipdb(w, ['upgrade', '--dir', d, '--url', sqliteUrl(w, 'c7')]);
      writeFileSync(join(d, 'V1__a.sql'), 'CREATE TABLE c7 (id INT, edited INT);');
      writeFileSync(join(d, 'V2__b.sql'), 'ALTER TABLE c7 ADD COLUMN b INT;');
      return voipdb(w, ['upgrade', '--dir', d, '--url', sqliteUrl(w, 'c7')]);
    },
    says: /V1__a\.sql was changed/,
  },
  8: {
    run: async (w) => {
      const d = dirSet(w, 'c8', {
        'V1__a.sql': "CREATE TABLE c8 (id INT, note VARCHAR(10));\nINSERT INTO c8 VALUES (1, 'x');",
      });
      await voipdb(w, ['upgrade', '--dir', d, '--url', sqliteUrl(w, 'c8')]);
      writeFileSync(join(d, 'V2__drop.sql'), 'ALTER TABLE c8 DROP COLUMN note;');
      return voipdb(w, ['upgrade', '--dir', d, '--url', sqliteUrl(w, 'c8')]);
    },
    says: /holds rows/,
  },
  9: {
    run: async (w) => {
      const file = join(w.dir, 'c9.backup');
      await voipdb(w, ['init', '--pack', 'asterisk', '-s', 'cdr', '--url', sqliteUrl(w, 'c9src')]);
      await voipdb(w, ['backup', '-f', file, '--url', sqliteUrl(w, 'c9src')]);
      await voipdb(w, ['init', '--pack', 'asterisk', '-s', 'cdr', '--url', sqliteUrl(w, 'c9dst')]);
      return voipdb(w, ['restore', '-f', file, '--url', sqliteUrl(w, 'c9dst')]);
    },
    says: /is not empty/,
  },
  10: {
    run: async (w) => {
      const d = dirSet(w, 'c10', { 'V1__a.sql': 'CREATE TABLE c10 (id INT);' });
      const r = await runCli(['upgrade', '--dir', d, '--url', sqliteUrl(w, 'c10')], {
        cwd: w.dir,
        env: { ...w.env, VOIPDB_FAILPOINTS: 'between-setup-tables=throw' },
      });
      codesSeen.push(-10); // produced on purpose: not counted among the runs that must never give 10
      return r;
    },
    says: /thrown on purpose — next: run again with --debug and report the output/,
  },
  11: {
    run: async (w) => {
      mkdirSync(join(w.dir, 'c11'), { recursive: true });
      await voipdb(w, ['init', '--pack', 'asterisk', '-s', 'cdr', '--url', `sqlite:${join(w.dir, 'c11', 'good.db')}`]);
      writeFileSync(join(w.dir, 'c11', 'broken.db'), 'not a database at all, but long enough to be read as one');
      return voipdb(w, ['fleet', 'upgrade', '--sqlite', join(w.dir, 'c11', '*.db'), '-p', 'asterisk', '-s', 'cdr']);
    },
    says: /broken/,
  },
  12: {
    needs: ['postgres'],
    run: async (w) => {
      const url = await makeDb(w, 'c12', 'postgres');
      await voipdb(w, ['init', '--pack', 'asterisk', '-s', 'cdr', '--url', url]);
      const role = uniqueName('cfrole');
      const admin = await connect(parseTarget(url));
      await admin.exec(`CREATE ROLE "${role}" LOGIN; GRANT USAGE ON SCHEMA public TO "${role}"`);
      await admin.close();
      w.dbs.push({
        drop: async () => {
          const a = await connect(parseTarget(PG_ADMIN_URL));
          await a.exec(`DROP OWNED BY "${role}" CASCADE`).catch(() => {});
          await a.exec(`DROP ROLE IF EXISTS "${role}"`).catch(() => {});
          await a.close();
        },
      } as TestDb);
      return voipdb(w, ['check', '--pack', 'asterisk', '-s', 'cdr', '--url', url.replace(/\/\/[^@/]*@/, `//${role}@`)]);
    },
    says: /permission denied/,
  },
  130: {
    // Three steps; the signal arrives before the second one's statement: that one finishes, the third waits.
    run: (w) => interrupted(w, 'c130', 'sigint'),
    says: /interrupted after V2__b\.sql \(step 2 of 3\); run voipdb upgrade to continue/,
  },
  143: {
    // Three steps; the signal arrives before the second one's statement: that one finishes, the third waits.
    run: (w) => interrupted(w, 'c143', 'sigterm'),
    says: /interrupted after V2__b\.sql \(step 2 of 3\); run voipdb upgrade to continue/,
  },
};

describe('the README exit-code table, every row through the CLI', () => {
  it('has a scenario for every code it lists, and lists every code that has one', () => {
    expect(
      Object.keys(CODES)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(readmeExitCodes().sort((a, b) => a - b));
  });
  for (const [code, row] of Object.entries(CODES)) {
    const missing = (row.needs ?? []).filter((b) => !servers.get(b));
    it.skipIf(missing.length > 0 && !requireServers)(
      `exit ${code}`,
      async () => {
        const r = await row.run(world);
        expect(r.code, r.stdout + r.stderr).toBe(Number(code));
        expect(r.stdout + r.stderr).toMatch(row.says);
        // Failures are one line (a failpoint's own announcement aside), without a stack trace.
        if (Number(code) >= 2) {
          const lines = r.stderr.split('\n').filter((l) => l.trim() && !l.includes('failpoint '));
          expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
        }
      },
      120_000,
    );
  }
});

/** The voipdb command a hint names, as words, up to where the prose around it starts. */
function hintCommand(hint: string, commands: Set<string>): string[] | undefined {
  for (const m of hint.matchAll(/voipdb ((?:fleet )?[a-z-]+\b[^;(—]*)/g)) {
    const words = m[1]!.trim().split(/\s+/);
    // "voipdb runs on PostgreSQL": prose about voipdb, not a command.
    if (!commands.has(words[0]!)) continue;
    const prose = words.findIndex((x) =>
      /^(to|then|writes|rewrites|replaces|moves|shows|lists|undoes|makes|records|continues|or|and|on|for|with:?)$/.test(
        x,
      ),
    );
    return (prose < 0 ? words : words.slice(0, prose)).map((x) => x.replace(/[.,:)]+$/, ''));
  }
  return undefined;
}

/** Options of the command that printed a hint that say where and on what (the hint assumes them). */
function targetOptions(args: string[], hint: string[]): string[] {
  const out: string[] = [];
  const takes = ['--url', '--dir', '--pack', '-p', '-s', '--set', '-O', '--option', '-c'];
  for (let i = 0; i < args.length; i++) {
    if (!takes.includes(args[i]!) || args[i + 1] === undefined) continue;
    if (hint.includes(args[i]!) && ['--url', '-c'].includes(args[i]!)) continue;
    out.push(args[i]!, args[i + 1]!);
    i++;
  }
  return out;
}

describe('every next: hint these runs printed that names a voipdb command', () => {
  it('runs, with the target it was printed for: a documented exit code, never 2 or 10; fixes resolve', async () => {
    const help = await runCli(['--help']);
    const commands = new Set(
      [...help.stdout.matchAll(/^ {2}([a-z-]+)(?:\|([a-z-]+))?/gm)].flatMap((m) => [m[1]!, m[2] ?? m[1]!]),
    );
    expect(commands.has('upgrade')).toBe(true);
    const documented = readmeExitCodes().filter((c) => c !== 10 && c !== 2);
    const seen = new Set<string>();
    const report: string[] = [];
    let resolved = 0;
    for (const p of printed) {
      const cmd = hintCommand(p.hint, commands);
      if (!cmd) continue;
      const key = cmd.join(' ') + ' | ' + p.args.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      // A file to write is the user's to name: one here. Another placeholder: the command must exist.
      const filled = cmd.map((x) => (x === '<file>' ? join(p.cwd, `${uniqueName('hint')}.out`) : x));
      const placeholder = filled.some((x) => /[<>]|\.\.\./.test(x));
      const args = placeholder
        ? [filled[0]!, ...(filled[0] === 'fleet' ? [filled[1]!] : []), '--help']
        : [...filled, ...targetOptions(p.args, filled)];
      const r = await runCli(args, { cwd: p.cwd, env: p.env });
      let line = `${r.code}  voipdb ${args.join(' ')}   (hint of: ${p.args.join(' ')})`;
      expect(
        documented,
        `hint "${p.hint}" printed by ${p.args.join(' ')} → voipdb ${args.join(' ')}: ${r.stderr}`,
      ).toContain(r.code);
      // A fix that ran (repair, stamp, upgrade...) resolves what the command that printed it found.
      if (r.code === 0 && ['repair', 'stamp', 'upgrade', 'init'].includes(filled[0]!) && p.args[0] !== 'restore') {
        const again = await runCli(p.args, { cwd: p.cwd, env: p.env });
        expect(
          again.code,
          `after "voipdb ${args.join(' ')}", voipdb ${p.args.join(' ')}: ${again.stdout}${again.stderr}`,
        ).toBe(0);
        resolved++;
        line += ' → resolved';
      }
      report.push(line);
    }
    console.info(`hints run:\n  ${report.join('\n  ')}`);
    expect(report.length).toBeGreaterThan(3);
    expect(resolved).toBeGreaterThan(0);
  }, 600_000);

  it('no run of this suite gave 10 except the one that produces it on purpose', () => {
    expect(codesSeen).not.toContain(10);
  });
});
