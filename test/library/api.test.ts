// Every command through the package entry, as a TypeScript program calls it, on SQLite files:
// a target URL and options in, a typed result out. (npm run typecheck checks this file's types.)

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands as cliCommands } from '../../src/cli/commands/index.js';
import * as subpath from '../../src/commands/index.js';
import { commands, connect, isVoipdbError, parseTarget, VoipdbError } from '../../src/index.js';
import type { FleetSummary } from '../../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'voipdb-api-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const url = (name: string) => `sqlite:${join(root, name)}`;

function migrations(): string {
  const dir = join(root, 'migrations');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'V1__calls.sql'),
    'CREATE TABLE calls (id INTEGER PRIMARY KEY, src VARCHAR(20), at TIMESTAMP);\n',
  );
  writeFileSync(
    join(dir, 'V2__calls_rows.sql'),
    "INSERT INTO calls (id, src, at) VALUES (1, '100', '2020-01-01 00:00:00'), (2, '200', '2026-01-01 00:00:00');\n",
  );
  writeFileSync(join(dir, 'U2__calls_rows.sql'), 'DELETE FROM calls;\n');
  return dir;
}

const refusal = async (p: Promise<unknown>): Promise<VoipdbError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isVoipdbError(e)) throw new Error(`expected a VoipdbError, got ${String(e)}`);
  return e;
};

/** Run a statement or two on a target and read rows back. */
async function rows<T>(target: string, sql: string): Promise<T[]> {
  const conn = await connect(parseTarget(target));
  try {
    return await conn.query<T>(sql);
  } finally {
    await conn.close();
  }
}

describe('the command set', () => {
  it('has a library function for every command the CLI registers, the same from voipdb/commands', () => {
    const aliases = new Set(['update']);
    const names = cliCommands.flatMap((c) => c.names).filter((n) => !aliases.has(n));
    expect(names.length).toBeGreaterThan(25);
    const fns = commands as unknown as Record<string, unknown>;
    const missing = names.filter((n) => typeof fns[n] !== 'function');
    expect(missing).toEqual([]);
    for (const n of names) expect((subpath as unknown as Record<string, unknown>)[n]).toBe(fns[n]);
  });
});

describe('every command from the package entry, on SQLite', () => {
  const dirs = [migrations()];
  const db = url('main.db');

  it('init, check, status, history, heads, sql, new', async () => {
    const init = await commands.init(db, { dirs });
    expect(init.steps.map((s) => s.version)).toEqual(['1', '2']);
    expect(init.tables?.tables.map((t) => t.name)).toContain('calls');

    const check = await commands.check(db, { dirs });
    expect(check.ok).toBe(true);
    expect(check.warnings).toEqual([]);
    const status = await commands.status(db, { dirs });
    expect(status.sets[0]!.current).toBe('2');
    expect(status.lockHolder).toBeUndefined();
    expect((await commands.history(db, { limit: 1 }))[0]!.version).toBe('2');
    expect((await commands.history(db, { sets: ['migrations'] })).map((r) => r.version)).toEqual(['1', '2']);
    expect(await commands.history(db, { sets: ['other'] })).toEqual([]);
    expect(await commands.heads({ dirs })).toEqual([{ set: 'migrations', heads: ['2'] }]);

    const script = await commands.sql(db, { dirs });
    expect(script.text).toContain('CREATE TABLE calls');
    expect([script.dialect, script.sets]).toEqual(['sqlite', ['migrations']]);
    const unknown = await refusal(commands.sql(undefined, { dirs, dialect: 'oracle' }));
    expect([unknown.kind, unknown.message]).toEqual(['usage', 'unknown dialect "oracle"']);
    const down = await commands.sql(undefined, { dirs, dialect: 'mysql', direction: 'down', to: '1' });
    expect(down.text).toContain('DELETE FROM calls');

    const created = commands.newMigration({ dir: dirs[0]!, description: 'add dst' });
    expect(created.created.endsWith('V3__add_dst.sql')).toBe(true);
    rmSync(created.created);
  });

  it('upgrade, downgrade, stamp, repair, diff', async () => {
    const other = url('other.db');
    const first = await commands.upgrade(other, { dirs, to: '1' });
    expect([first.steps.length, first.setNames, first.replicas]).toEqual([1, ['migrations'], undefined]);
    expect((await commands.upgrade(other, { dirs })).steps).toHaveLength(1);
    expect(await rows(other, 'SELECT COUNT(*) AS n FROM calls')).toEqual([{ n: 2 }]);
    expect((await commands.downgrade(other, '1', { dirs })).steps[0]!.state).toBe('reverted');
    expect(await rows(other, 'SELECT COUNT(*) AS n FROM calls')).toEqual([{ n: 0 }]);
    expect((await commands.stamp(other, '2', { dirs })).steps[0]!.state).toBe('stamped');
    expect((await commands.repair(other, { dirs })).steps).toEqual([]);
    // The SQL set's schema was recorded after the downgrade (issue 22 defect 9): compared, not noted.
    const diff = await commands.diff(other, { dirs });
    expect(diff.unmodelled).toEqual([]);
    expect(diff.differences).toEqual([]);
  });

  it('packs, adopt, grants, odbc, doctor', async () => {
    const packs = await commands.packs();
    expect(packs.map((p) => p.name)).toContain('kamailio');
    // oVirt's sets are the user's dbscripts: listed as what it needs, not as sets.
    const ovirt = packs.find((p) => p.name === 'ovirt')!;
    expect([ovirt.sets, typeof ovirt.needs]).toEqual([[], 'string']);
    const kam = url('kamailio.db');
    await commands.upgrade(kam, { packs: ['kamailio'] });
    const adopted = await commands.adopt(kam, { packs: ['kamailio'] });
    expect(adopted.adopted[0]!.set).toBe('kamailio/standard');
    // SQLite has no roles: kamailio's grants there are an empty script.
    const grants = await commands.grants(kam, { packs: ['kamailio'] });
    expect('scripts' in grants && grants.scripts).toHaveLength(1);
    // FreeSWITCH opens SQLite files itself: no ODBC configuration for one, said so.
    expect(() => commands.odbc(kam, { dsn: 'kamailio' })).toThrow(/FreeSWITCH opens SQLite files itself/);
    expect(commands.odbc('postgresql://fs@127.0.0.1/freeswitch', { dsn: 'freeswitch' }).dsn).toBe('freeswitch');
    // The target's password goes into odbc.ini only when asked, and only into the file.
    const odbcDir = join(root, 'odbc');
    const written = commands.odbc('postgresql://fs:s3cret@127.0.0.1/freeswitch', { withPassword: true, out: odbcDir });
    expect(written.written).toContain(join(odbcDir, 'odbc.ini'));
    expect(readFileSync(join(odbcDir, 'odbc.ini'), 'utf8')).toContain('s3cret');
    expect(
      commands.odbc('postgresql://fs:s3cret@127.0.0.1/freeswitch').files.some((f) => f.content.includes('s3cret')),
    ).toBe(false);
    const report = await commands.doctor(kam, { packs: ['kamailio'] });
    expect(report.tables.length).toBeGreaterThan(20);
  });

  it('backup, restore, replicate, merge, estimate, prune', async () => {
    const file = join(root, 'main.backup');
    const b = await commands.backup(db, { file });
    expect(b.file).toBe(file);
    const copy = url('restored.db');
    await commands.restore(copy, { file });
    const conn = await connect(parseTarget(copy));
    try {
      expect(await conn.query('SELECT id FROM calls ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await conn.close();
    }
    const standby = url('standby.db');
    await commands.init(standby, { dirs });
    const r = await commands.replicate(db, standby);
    expect(r.tables.map((t) => t.table)).toContain('calls');
    const into = url('into.db');
    const from = url('from.db');
    await commands.init(into, { dirs });
    await (await connect(parseTarget(from))).close();
    await rows(from, 'CREATE TABLE agents (id INTEGER PRIMARY KEY, name VARCHAR(20))');
    await rows(from, "INSERT INTO agents VALUES (1, 'alice'), (2, 'bob')");
    expect((await commands.merge(into, from, { checkOnly: true })).conflicts).toEqual([]);
    const merged = await commands.merge(into, from);
    expect(merged.moved).toEqual([{ table: 'agents', rows: 2 }]);
    expect(await rows(into, 'SELECT name FROM agents ORDER BY id')).toEqual([{ name: 'alice' }, { name: 'bob' }]);
    const pending = url('pending.db');
    await commands.upgrade(pending, { dirs, to: '1' });
    const e = await commands.estimate(pending, { dirs });
    expect(e.steps.map((s) => [s.set, s.version, s.method])).toEqual([['migrations', '2', 'no-table']]);
    const p = await commands.prune(db, { table: 'calls', column: 'at', before: '2025-01-01', dryRun: true });
    expect(p.matching).toBe(1);
    const pruned = await commands.prune(db, { table: 'calls', column: 'at', before: '2025-01-01' });
    expect(pruned.deleted).toBe(1);
    expect(await rows(db, 'SELECT id FROM calls')).toEqual([{ id: 2 }]);
  });

  it('online, squash, convert', async () => {
    // Online changes are for the servers that take writes while they run: SQLite refuses, saying why.
    const pk = await refusal(commands.online(db, { addPrimaryKey: 'calls' }));
    expect(pk.message).toContain('SQLite adds a primary key only by rebuilding the table');
    const column = await refusal(commands.online(db, { addColumn: 'calls', definition: 'dst VARCHAR(20)' }));
    expect(column.message).toContain('SQLite adds a column from the catalog alone');
    // A published series folded into a new base, verified on an in-memory PGlite.
    const tree = join(root, 'dbscripts');
    cpSync(join(import.meta.dirname, '../fixtures/ovirt-dbscripts'), tree, { recursive: true });
    const squashed = join(root, 'dbscripts.squashed');
    const squash = await commands.squash(tree, { series: '01_00', out: squashed });
    expect([squash.baseVersion, squash.folded.length, squash.differences]).toEqual(['01000060', 6, []]);
    expect(readdirSync(join(squashed, 'upgrade'))).toContain('01_00_0000_set_version.sql');
    // SER 0.9 into SER 2.0: the source's rows in the destination's schema; the source untouched.
    const ser = url('ser09.db');
    await rows(ser, 'CREATE TABLE domain (domain VARCHAR(128) PRIMARY KEY, last_modified DATETIME)');
    await rows(ser, "INSERT INTO domain (domain, last_modified) VALUES ('iptel.org', NULL), ('foo.bar', NULL)");
    const summary = await commands.convert('ser', ser, url('ser20.db'));
    expect(summary.createdSchema).toBe(true);
    expect(summary.steps.find((st) => st.step === 'domain')?.rowsRead).toBe(2);
    expect(await rows(ser, 'SELECT COUNT(*) AS n FROM domain')).toEqual([{ n: 2 }]);
  });

  it('erd, report, fleet, fleetReport', async () => {
    const erd = await commands.erd(db, { dirs, format: 'mermaid' });
    expect(erd.format).toBe('mermaid');
    expect(erd.text).toContain('calls');
    expect(erd.model.tables.map((t) => t.name)).toContain('calls');
    const report = await commands.report(db, { dirs, title: 'calls report' });
    expect(report.html).toContain('calls report');
    expect(report.model.sets.map((s) => [s.set, s.state])).toEqual([['migrations', 'OK']]);
    // Two tenants, one behind: a fleet check says which, the upgrade moves it, the report counts them.
    const tenants = join(root, 'tenants');
    mkdirSync(tenants);
    await commands.init(`sqlite:${join(tenants, 'a.db')}`, { dirs });
    await commands.upgrade(`sqlite:${join(tenants, 'b.db')}`, { dirs, to: '1' });
    const sources = { sqlite: [join(tenants, '*.db')], dirs };
    const summaryOf = async (command: string): Promise<FleetSummary> => {
      let summary: FleetSummary | undefined;
      for await (const e of commands.fleet(command, sources, { record: false }))
        if (e.type === 'summary') summary = e.summary;
      return summary!;
    };
    const checked = await summaryOf('check');
    expect([checked.total, checked.byOutcome['up-to-date'], checked.byOutcome['not-up-to-date']]).toEqual([2, 1, 1]);
    expect(checked.behind.map((b) => b.name)).toEqual([`sqlite:${join(tenants, 'b.db')}`]);
    expect((await summaryOf('upgrade')).byOutcome).toEqual({ 'up-to-date': 1, upgraded: 1 });
    expect(() => commands.fleet('drop', sources)).toThrow(/unknown fleet command "drop"/);
    const fleetReport = await commands.fleetReport(sources);
    expect(fleetReport.model.summary.total).toBe(2);
    expect(fleetReport.html).toContain('b');
  });

  it('read-only commands and refused input make no database', async () => {
    const missing = join(root, 'missing.db');
    const check = await refusal(commands.check(`sqlite:${missing}`, { dirs }));
    expect(check.kind).toBe('missing-database');
    await refusal(commands.status(`sqlite:${missing}`, { dirs }));
    const restore = await refusal(commands.restore(`sqlite:${missing}`, { file: join(root, 'no.backup') }));
    expect([restore.kind, restore.message]).toEqual([
      'not-found',
      `backup file ${join(root, 'no.backup')} does not exist`,
    ]);
    const prune = await refusal(commands.prune(`sqlite:${missing}`, { table: 'calls', before: 'last week' }));
    expect(prune.kind).toBe('usage');
    expect(existsSync(missing)).toBe(false);
  });
});
