// `voipdb fleet` as an admin of a hosted PBX uses it: 200 SQLite tenants and 30 PostgreSQL and 30
// MariaDB tenant databases in one inventory, upgraded with the Asterisk pack through the command
// line; a broken tenant fails alone; canary, failure budget, resume after SIGKILL, shards.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { available, MYSQL_ADMIN_URL, PG_ADMIN_URL, uniqueName } from '../helpers/backends.js';
import { collect, runCli, spawnCli } from '../helpers/cli.js';

const SQLITE_TENANTS = 200;
const SERVER_TENANTS = 30;

interface JsonLine {
  type: 'target' | 'summary';
  name: string;
  outcome: string;
  exitCode: number;
  message?: string;
  applied?: number;
  [k: string]: unknown;
}

function lines(stdout: string): JsonLine[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as JsonLine);
}

/** Applied history rows per set. */
async function appliedBySet(url: string): Promise<Map<string, number>> {
  const c = await connect(parseTarget(url));
  try {
    const r = await c.query<{ s: string; n: number }>(
      "SELECT set_name AS s, COUNT(*) AS n FROM voipdb_history WHERE state = 'applied' GROUP BY set_name",
    );
    return new Map(r.map((x) => [x.s, Number(x.n)]));
  } catch {
    return new Map();
  } finally {
    await c.close();
  }
}

async function historyCount(url: string): Promise<number> {
  const c = await connect(parseTarget(url));
  try {
    const r = await c.query<{ n: number }>("SELECT COUNT(*) AS n FROM voipdb_history WHERE state = 'applied'");
    return Number(r[0]!.n);
  } catch {
    return 0;
  } finally {
    await c.close();
  }
}

/** A tenant a careless admin broke: a table of the pack's first revision already there, with another shape. */
async function breakSqlite(file: string): Promise<void> {
  const c = await connect(parseTarget(`sqlite:${file}`));
  await c.exec('CREATE TABLE sippeers (oops INTEGER)');
  await c.close();
}

function newSqliteTenants(dir: string, n: number): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => join(dir, `tenant_${String(i).padStart(3, '0')}.db`));
}

describe('voipdb fleet', () => {
  const work = mkdtempSync(join(tmpdir(), 'voipdb-fleet-'));
  const prefix = uniqueName('vtfleet');
  const pgDbs: string[] = [];
  const myDbs: string[] = [];
  let servers = { pg: false, my: false };

  beforeAll(async () => {
    servers = { pg: await available('postgres'), my: await available('mariadb') };
    if (servers.pg) {
      const admin = await connect(parseTarget(PG_ADMIN_URL));
      for (let i = 0; i < SERVER_TENANTS; i++) {
        const name = `${prefix}_${String(i).padStart(2, '0')}`;
        await admin.exec(`CREATE DATABASE "${name}"`);
        pgDbs.push(name);
      }
      await admin.close();
    }
    if (servers.my) {
      const admin = await connect(parseTarget(MYSQL_ADMIN_URL));
      for (let i = 0; i < SERVER_TENANTS; i++) {
        const name = `${prefix}_${String(i).padStart(2, '0')}`;
        await admin.exec(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
        myDbs.push(name);
      }
      await admin.close();
    }
  }, 300_000);

  afterAll(async () => {
    if (servers.pg) {
      const admin = await connect(parseTarget(PG_ADMIN_URL));
      for (const d of pgDbs) await admin.exec(`DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`).catch(() => {});
      await admin.close();
    }
    if (servers.my) {
      const admin = await connect(parseTarget(MYSQL_ADMIN_URL));
      for (const d of myDbs) await admin.exec(`DROP DATABASE IF EXISTS \`${d}\``).catch(() => {});
      await admin.close();
    }
  }, 300_000);

  it('upgrades 200 SQLite, 30 PostgreSQL and 30 MariaDB tenants from one inventory; a broken one fails alone', async () => {
    const dir = join(work, 'mixed');
    const files = newSqliteTenants(join(dir, 'edge'), SQLITE_TENANTS);
    for (const f of files) writeFileSync(f, '');
    await breakSqlite(files[17]!);
    const serverBase = (url: string) => url.replace(/\/[^/]*$/, '');
    const inventory = [
      'defaults:',
      '  packs: [asterisk]',
      'groups:',
      '  edge: {}',
      '  hosted: {}',
      'targets:',
      "  - sqlite: 'edge/*.db'",
      '    group: edge',
      ...(servers.pg
        ? [
            `  - server: ${serverBase(PG_ADMIN_URL)}/postgres`,
            `    databases: '${prefix}_%'`,
            '    group: hosted',
            '    name: pg',
          ]
        : []),
      ...(servers.my
        ? [
            `  - server: ${serverBase(MYSQL_ADMIN_URL)}`,
            `    databases: '${prefix}_%'`,
            '    group: hosted',
            '    name: my',
          ]
        : []),
    ].join('\n');
    writeFileSync(join(dir, 'inventory.yaml'), inventory);

    const r = await runCli(['fleet', 'upgrade', '-i', 'inventory.yaml', '--parallel', '8', '--json'], {
      cwd: dir,
      timeoutMs: 900_000,
    });
    const out = lines(r.stdout);
    const targets = out.filter((l) => l.type === 'target');
    const summary = out.find((l) => l.type === 'summary')!;
    const expected = SQLITE_TENANTS + (servers.pg ? SERVER_TENANTS : 0) + (servers.my ? SERVER_TENANTS : 0);
    expect(targets).toHaveLength(expected);
    const failed = targets.filter((t) => t.outcome === 'failed');
    expect(failed.map((t) => t.name)).toEqual([`sqlite:${files[17]}`]);
    // Its own message and exit: the migration that met the broken table.
    expect(failed[0]!.exitCode).toBe(6);
    expect(failed[0]!.message).toMatch(/sippeers/);
    expect(targets.filter((t) => t.outcome === 'upgraded')).toHaveLength(expected - 1);
    expect(r.code).toBe(11);
    expect(summary.exitCode).toBe(11);
    // The summary shows where each set stands, with the tenant that differs named.
    const config = (
      summary.positions as { set: string; versions: { version: string | null; count: number; targets?: string[] }[] }[]
    ).find((p) => p.set === 'asterisk/config')!;
    expect(config.versions[0]!.count).toBe(expected - 1);

    // check across the fleet: the broken tenant is not up to date, a drifted one names its drift.
    if (servers.pg) {
      const c = await connect(parseTarget(PG_ADMIN_URL.replace(/\/[^/]*$/, `/${pgDbs[3]}`)));
      await c.exec('ALTER TABLE sippeers DROP COLUMN callerid');
      await c.close();
    }
    const chk = await runCli(['fleet', 'check', '-i', 'inventory.yaml', '--record', 'check.jsonl'], {
      cwd: dir,
      timeoutMs: 600_000,
    });
    // Nothing failed to run: two tenants are not up to date, each named with its first problem.
    expect(chk.code, chk.stdout + chk.stderr).toBe(1);
    expect(chk.stdout).toMatch(new RegExp(`not-up-to-date\\s+${servers.pg ? 2 : 1}\\b`));
    expect(chk.stdout).toMatch(new RegExp(`sqlite:${files[17]}\\s+asterisk/config: .*sippeers already exists`));
    if (servers.pg) expect(chk.stdout).toMatch(new RegExp(`${pgDbs[3]}\\s+asterisk/config: .*callerid`));
    expect(chk.stdout).not.toContain('failed target');
  }, 900_000);

  it('--canary stops the rest when a canary fails; --max-failures stops starting new targets', async () => {
    const dir = join(work, 'canary');
    const files = newSqliteTenants(join(dir, 't'), 12);
    for (const f of files) writeFileSync(f, '');
    await breakSqlite(files[1]!);
    const c = await runCli(['fleet', 'upgrade', '--sqlite', 't/*.db', '-p', 'asterisk', '--canary', '3', '--json'], {
      cwd: dir,
    });
    const out = lines(c.stdout);
    expect(c.code).toBe(11);
    expect(out.filter((l) => l.type === 'target' && l.outcome === 'upgraded')).toHaveLength(2);
    expect(out.filter((l) => l.type === 'target' && l.outcome === 'not-run')).toHaveLength(9);
    expect(out.find((l) => l.type === 'summary')!.stopped).toMatch(/canary failed/);
    // The tenants after the canary were not touched.
    for (const f of files.slice(3)) expect(await historyCount(`sqlite:${f}`)).toBe(0);

    await breakSqlite(files[5]!);
    await breakSqlite(files[6]!);
    const m = await runCli(
      ['fleet', 'upgrade', '--sqlite', 't/*.db', '-p', 'asterisk', '--max-failures', '2', '--parallel', '1', '--json'],
      {
        cwd: dir,
      },
    );
    const mo = lines(m.stdout).filter((l) => l.type === 'target');
    expect(m.code).toBe(11);
    // Ordered by file name, one at a time: 0 and 2 are done, 1 fails, 3 and 4 upgrade, 5 fails: budget spent.
    expect(mo.filter((l) => l.outcome === 'failed').map((l) => l.name)).toEqual([
      `sqlite:${files[1]}`,
      `sqlite:${files[5]}`,
    ]);
    expect(mo.filter((l) => l.outcome === 'not-run')).toHaveLength(6);
    for (const f of files.slice(6)) expect(await historyCount(`sqlite:${f}`)).toBe(0);
  }, 600_000);

  it('--resume after SIGKILL: nothing half-applied, done tenants not redone', async () => {
    const dir = join(work, 'resume');
    const files = newSqliteTenants(join(dir, 't'), SQLITE_TENANTS);
    for (const f of files) writeFileSync(f, '');
    const child = spawnCli(['fleet', 'upgrade', '--sqlite', 't/*.db', '-p', 'asterisk', '--parallel', '4'], {
      cwd: dir,
    });
    const record = join(dir, '.voipdb-fleet', 'upgrade.jsonl');
    const done = collect(child, 600_000);
    // Kill once a good share is recorded, while others run.
    for (let i = 0; i < 3000; i++) {
      if (existsSync(record) && readFileSync(record, 'utf8').split('\n').length > 40) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const recorded = readFileSync(record, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { name: string; ok: boolean });
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.length).toBeLessThan(SQLITE_TENANTS);
    // Every set of every tenant is at nothing or at head: a set's fresh install is one transaction.
    const bySet = await Promise.all(files.map((f) => appliedBySet(`sqlite:${f}`)));
    const fullBySet = new Map<string, number>();
    for (const m of bySet) for (const [set, n] of m) fullBySet.set(set, Math.max(n, fullBySet.get(set) ?? 0));
    for (const m of bySet) for (const [set, n] of m) expect([0, fullBySet.get(set)]).toContain(n);
    const full = [...fullBySet.values()].reduce((a, b) => a + b, 0);

    const r = await runCli(['fleet', 'upgrade', '--sqlite', 't/*.db', '-p', 'asterisk', '--resume', '--json'], {
      cwd: dir,
      timeoutMs: 600_000,
    });
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    const ran = out.filter((l) => l.type === 'target').map((l) => l.name);
    const summary = out.find((l) => l.type === 'summary')!;
    expect(summary.skipped).toBe(recorded.filter((x) => x.ok).length);
    for (const x of recorded) expect(ran).not.toContain(x.name);
    for (const f of files) expect(await historyCount(`sqlite:${f}`)).toBe(full);
  }, 900_000);

  it('two runners whose shards overlap upgrade each tenant once', async () => {
    const dir = join(work, 'shards');
    const files = newSqliteTenants(join(dir, 't'), 60);
    for (const f of files) writeFileSync(f, '');
    const all = spawnCli(
      ['fleet', 'upgrade', '--sqlite', 't/*.db', '-p', 'asterisk', '--json', '--record', 'all.jsonl'],
      { cwd: dir },
    );
    const half = spawnCli(['fleet', 'upgrade', '--sqlite', 't/*.db', '-p', 'asterisk', '--json', '--shard', '0/2'], {
      cwd: dir,
    });
    const [a, h] = await Promise.all([collect(all, 600_000), collect(half, 600_000)]);
    expect(a.code).toBe(0);
    expect(h.code).toBe(0);
    const applied = new Map<string, number>();
    for (const l of [...lines(a.stdout), ...lines(h.stdout)]) {
      if (l.type === 'target') applied.set(l.name, (applied.get(l.name) ?? 0) + (l.applied ?? 0));
    }
    const halfNames = lines(h.stdout).filter((l) => l.type === 'target');
    expect(halfNames.length).toBeGreaterThan(10);
    expect(halfNames.length).toBeLessThan(50);
    const full = await historyCount(`sqlite:${files[0]}`);
    for (const f of files) {
      // One history row per migration: nothing applied twice.
      expect(await historyCount(`sqlite:${f}`)).toBe(full);
      expect(applied.get(`sqlite:${f}`)).toBeGreaterThan(0);
    }
    // The split is the same every time: shard 0/2 and 1/2 partition the fleet.
    const other = await runCli(
      ['fleet', 'status', '--sqlite', 't/*.db', '-p', 'asterisk', '--json', '--shard', '1/2', '--record', 'x.jsonl'],
      {
        cwd: dir,
      },
    );
    const otherNames = lines(other.stdout)
      .filter((l) => l.type === 'target')
      .map((l) => l.name);
    expect(otherNames.length + halfNames.length).toBe(60);
    for (const n of otherNames) expect(halfNames.map((l) => l.name)).not.toContain(n);
  }, 600_000);

  it('refuses what it cannot read, naming it', async () => {
    const dir = join(work, 'refuse');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'inv.yaml'), 'targets:\n  - url: sqlite:a.db\n    pakcs: [asterisk]\n');
    const r = await runCli(['fleet', 'check', '-i', 'inv.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown key "pakcs"');
    const s = await runCli(['fleet', 'upgrade', '--sqlite', 'none/*.db', '-p', 'asterisk', '--shard', '2/2'], {
      cwd: dir,
    });
    expect(s.code).toBe(2);
    const u = await runCli(['fleet', 'frobnicate', '--sqlite', 'x.db'], { cwd: dir });
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('unknown fleet command "frobnicate"');
  });
});
