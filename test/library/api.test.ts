// Every command through the package entry, as a TypeScript program calls it, on SQLite files:
// a target URL and options in, a typed result out. (npm run typecheck checks this file's types.)

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands, connect, isVoipdbError, parseTarget, VoipdbError } from '../../src/index.js';

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

describe('every command from the package entry, on SQLite', () => {
  const dirs = [migrations()];
  const db = url('main.db');

  it('init, check, status, history, heads, sql, new', async () => {
    const init = await commands.init(db, { dirs });
    expect(init.steps.map((s) => s.version)).toEqual(['1', '2']);
    expect(init.tables?.tables.map((t) => t.name)).toContain('calls');

    const check = await commands.check(db, { dirs });
    expect(check.ok).toBe(true);
    expect((await commands.status(db, { dirs })).sets[0]!.current).toBe('2');
    expect((await commands.history(db, { limit: 1 }))[0]!.version).toBe('2');
    expect(await commands.heads({ dirs })).toEqual([{ set: 'migrations', heads: ['2'] }]);

    const script = await commands.sql(db, { dirs });
    expect(script.text).toContain('CREATE TABLE calls');
    const down = await commands.sql(undefined, { dirs, dialect: 'mysql', direction: 'down', target: '1' });
    expect(down.text).toContain('DELETE FROM calls');

    const created = commands.newMigration({ dir: dirs[0]!, description: 'add dst' });
    expect(created.created.endsWith('V3__add_dst.sql')).toBe(true);
    rmSync(created.created);
  });

  it('upgrade, downgrade, stamp, repair, diff', async () => {
    const other = url('other.db');
    expect((await commands.upgrade(other, { dirs, to: '1' })).steps).toHaveLength(1);
    expect((await commands.upgrade(other, { dirs })).steps).toHaveLength(1);
    expect((await commands.downgrade(other, '1', { dirs })).steps[0]!.state).toBe('reverted');
    expect((await commands.stamp(other, '2', { dirs })).steps[0]!.state).toBe('stamped');
    expect((await commands.repair(other, { dirs })).steps).toEqual([]);
    // The SQL set's schema was recorded after the downgrade (issue 22 defect 9): compared, not noted.
    const diff = await commands.diff(other, { dirs });
    expect(diff.unmodelled).toEqual([]);
    expect(diff.differences).toEqual([]);
  });

  it('packs, adopt, grants, odbc, doctor', async () => {
    expect((await commands.packs()).map((p) => p.name)).toContain('kamailio');
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
    const m = await commands.merge(url('into.db'), url('from.db'), { checkOnly: true });
    expect('conflicts' in m && m.conflicts).toEqual([]);
    const e = await commands.estimate(db, { dirs });
    expect(e.steps).toEqual([]);
    const p = await commands.prune(db, { table: 'calls', column: 'at', before: '2025-01-01', dryRun: true });
    expect(p.matching).toBe(1);
  });

  it('online, squash, convert', async () => {
    // Online changes are for the servers that take writes while they run: SQLite refuses, saying so.
    const online = await refusal(commands.online(db, { addPrimaryKey: 'calls' }));
    expect(online.message.length).toBeGreaterThan(0);
    const squash = await refusal(commands.squash(join(root, 'no-such-tree'), { series: '04_01', verify: false }));
    expect(squash.message).toMatch(/no-such-tree|dbscripts|not/);
    // A SER 0.9 source without its tables: the destination gets SER 2.0's schema, each step says what it found.
    const ser = url('ser09.db');
    await (await connect(parseTarget(ser))).close();
    const summary = await commands.convert('ser', ser, url('ser20.db'));
    expect(summary.steps.length).toBeGreaterThan(0);
    expect(readdirSync(root)).toContain('ser20.db');
  });
});
