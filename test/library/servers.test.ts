// The commands that need a server, from the package entry on PostgreSQL: init creating the
// database and its owner, grants applied and logged in with, replicate to a standby (one-shot,
// and the continuous mode's status), upgrade waiting for standbys, status and merge.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, connect, dialectOf, parseTarget } from '../../src/index.js';
import type { Connection } from '../../src/index.js';
import { available, freshDb, PG_ADMIN_URL, uniqueName, type TestDb } from '../helpers/backends.js';

const pg = await available('postgres');

describe.skipIf(!pg)('commands that need a server, on PostgreSQL', () => {
  const dbs: TestDb[] = [];
  const fresh = async () => {
    const db = await freshDb('postgres', 'vlib');
    dbs.push(db);
    return db;
  };
  let admin: Connection;
  const suffix = uniqueName('l').slice(-6);
  const owner = `vt_owner_${suffix}`;
  const roles = { api: `vt_api_${suffix}`, freeswitch: `vt_fs_${suffix}`, analytics: `vt_an_${suffix}` };
  const created = `vt_lib_${suffix}`;

  beforeAll(async () => {
    admin = await connect(parseTarget(PG_ADMIN_URL));
  });
  afterAll(async () => {
    for (const db of dbs) await db.drop();
    await admin.exec(`DROP DATABASE IF EXISTS "${created}" WITH (FORCE)`);
    for (const r of [owner, ...Object.values(roles)]) await admin.exec(`DROP ROLE IF EXISTS "${r}"`).catch(() => {});
    await admin.close();
  });

  it('init creates the database, owned by a new login role', async () => {
    const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${created}`);
    const refused = await commands
      .init(url, { packs: ['asterisk'], sets: ['cdr'], createDatabase: { owner, passwords: { env: {} } } })
      .catch((e: Error) => e);
    expect(String(refused)).toContain(`the new role ${owner} needs a password`);
    const r = await commands.init(url, {
      packs: ['asterisk'],
      sets: ['cdr'],
      createDatabase: { owner, passwords: { env: { [`VOIPDB_PASSWORD_${owner.toUpperCase()}`]: 'owner-pw' } } },
    });
    expect(r.created).toEqual({ database: true, role: owner });
    expect(r.steps.length).toBeGreaterThan(0);
    const [db] = await admin.query<{ owner: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = ?',
      [created],
    );
    expect(db).toEqual({ owner });
  });

  it('grants: reviewed without a connection, applied, then a role logs in with what it was given', async () => {
    const db = await fresh();
    await commands.upgrade(db.url, { packs: ['ominis'] });
    const review = await commands.grants('postgresql://nobody@nowhere.invalid/callcenter', { packs: ['ominis'] });
    expect('scripts' in review && review.scripts[0]).toContain('GRANT SELECT ON "cdr" TO "analytics_user";');
    const env = {
      [`VOIPDB_PASSWORD_${roles.api.toUpperCase()}`]: 'api-pw',
      [`VOIPDB_PASSWORD_${roles.freeswitch.toUpperCase()}`]: 'fs-pw',
      [`VOIPDB_PASSWORD_${roles.analytics.toUpperCase()}`]: 'an-pw',
    };
    const applied = await commands.grants(db.url, {
      packs: ['ominis'],
      apply: true,
      settings: roles,
      passwords: { env },
    });
    expect('applied' in applied && applied.applied[0]!.roles.map((r) => r.role)).toEqual(Object.values(roles));
    const analytics = await connect({ ...db.target, user: roles.analytics, password: 'an-pw' });
    try {
      expect(await analytics.query('SELECT count(*)::int AS n FROM cdr')).toEqual([{ n: 0 }]);
      await expect(analytics.execute("INSERT INTO cdr (uuid) VALUES ('x')")).rejects.toThrow(/denied/i);
    } finally {
      await analytics.close();
    }
  });

  it('replicate copies to a standby; the continuous mode reads the subscription; upgrade reports standbys', async () => {
    const master = await fresh();
    const standby = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'voipdb-lib-'));
    writeFileSync(join(dir, 'V1__agents.sql'), 'CREATE TABLE agents (id INTEGER PRIMARY KEY, name VARCHAR(20));\n');
    writeFileSync(join(dir, 'V2__agents_rows.sql'), "INSERT INTO agents VALUES (1, 'alice'), (2, 'bob');\n");
    const up = await commands.upgrade(master.url, { dirs: [dir], waitReplicasMs: 0 });
    expect(up.steps.length).toBe(2);
    // No standby streams from this server: said so, and nothing to wait for.
    expect(up.replicas?.replicas).toEqual([]);
    await commands.upgrade(standby.url, { dirs: [dir], to: '1' });
    const r = await commands.replicate(master.url, standby.url);
    expect(r.tables.find((t) => t.table === 'agents')).toEqual({ table: 'agents', rows: 2 });
    const s = await standby.connect();
    try {
      expect(await s.query('SELECT name FROM agents ORDER BY id')).toEqual([{ name: 'alice' }, { name: 'bob' }]);
    } finally {
      await s.close();
    }
    const sub = await commands.replicate(master.url, standby.url, { continuous: 'status', name: suffix });
    expect([sub.exists, sub.subscription]).toEqual([false, `voipdb_${suffix}`]);
    // An upgrade running on another database of the server is not one running here.
    const elsewhere = await standby.connect();
    const here = await master.connect();
    try {
      expect(await dialectOf('postgres').tryLock(elsewhere)).toBe(true);
      const status = await commands.status(master.url, { dirs: [dir] });
      expect([status.sets[0]!.current, status.lockHolder]).toEqual(['2', undefined]);
      expect(await dialectOf('postgres').tryLock(here)).toBe(true);
      expect((await commands.status(master.url, { dirs: [dir] })).lockHolder).toMatch(/^server pid \d+/);
    } finally {
      await elsewhere.close();
      await here.close();
    }
  });

  it('merge folds one database into another, conflicts first', async () => {
    const into = await fresh();
    const from = await fresh();
    const f = await from.connect();
    await f.exec(
      "CREATE TABLE queues (id INTEGER PRIMARY KEY, name VARCHAR(20)); INSERT INTO queues VALUES (1, 'sales')",
    );
    await f.close();
    expect((await commands.merge(into.url, from.url, { checkOnly: true })).conflicts).toEqual([]);
    const m = await commands.merge(into.url, from.url);
    expect(m.moved).toEqual([{ table: 'queues', rows: 1 }]);
    const i = await into.connect();
    try {
      expect(await i.query('SELECT name FROM queues')).toEqual([{ name: 'sales' }]);
    } finally {
      await i.close();
    }
  });
});
