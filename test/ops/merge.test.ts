// merge: XiVO's `xivo` database folded into `asterisk` (pg-merge-db), on each back-end.

import { existsSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { available, freshDb, PG_ADMIN_URL, uniqueName, type BackendName, type TestDb } from '../helpers/backends.js';
import { connect } from '../../src/db/connect.js';
import type { Connection } from '../../src/db/connection.js';
import type { DialectName } from '../../src/db/url.js';
import { parseTarget } from '../../src/db/url.js';
import { merge, mergeConflicts } from '../../src/ops/merge.js';
import { VoipdbError } from '../../src/core/errors.js';
import { createXivoLike, insertRows, seedConfig, snapshotTables } from '../xivo/schema.js';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, writeSet } from '../e2e/engine-sets.js';

// The xivo database before 14.08, cut down: its own tables, an enum type, a view.
const serial: Record<DialectName, string> = {
  postgres: 'SERIAL PRIMARY KEY',
  mysql: 'INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY',
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
};
function xivoDbDDL(d: DialectName): string[] {
  const s = serial[d];
  const typ = d === 'postgres' ? 'netiface_type' : d === 'mysql' ? "ENUM('iface', 'vlan')" : 'VARCHAR(8)';
  return [
    ...(d === 'postgres' ? ["CREATE TYPE netiface_type AS ENUM ('iface', 'vlan')"] : []),
    `CREATE TABLE netiface (id ${s}, ifname VARCHAR(64) NOT NULL DEFAULT '', type ${typ} NOT NULL)`,
    `CREATE TABLE stats_conf (id ${s}, name VARCHAR(64) NOT NULL)`,
    `CREATE TABLE stats_conf_agent (stats_conf_id INTEGER NOT NULL REFERENCES stats_conf(id), agentfeatures_id INTEGER NOT NULL, PRIMARY KEY (stats_conf_id, agentfeatures_id))`,
    `CREATE TABLE accesswebservice (id ${s}, name VARCHAR(64) NOT NULL, login VARCHAR(64))`,
    ...(d === 'mysql' ? [] : ['CREATE VIEW stats_conf_names AS SELECT name FROM stats_conf']),
    `CREATE INDEX stats_conf__idx__name ON stats_conf (name)`,
  ];
}

async function seedXivoDb(c: Connection): Promise<void> {
  for (const s of xivoDbDDL(c.dialect)) await c.exec(s);
  await insertRows(
    c,
    'netiface',
    ['ifname', 'type'],
    [
      ['eth0', 'iface'],
      ['eth0.10', 'vlan'],
    ],
  );
  await insertRows(
    c,
    'stats_conf',
    ['name'],
    Array.from({ length: 40 }, (_, i) => [`conf${i}`]),
  );
  await insertRows(
    c,
    'stats_conf_agent',
    ['stats_conf_id', 'agentfeatures_id'],
    Array.from({ length: 40 }, (_, i) => [i + 1, i]),
  );
  await insertRows(c, 'accesswebservice', ['name', 'login'], [['ws', 'admin']]);
}

const XIVO_TABLES = ['netiface', 'stats_conf', 'stats_conf_agent', 'accesswebservice'];
const ASTERISK_TABLES = ['userfeatures', 'linefeatures', 'queuefeatures', 'attachment'];

async function asteriskDb(c: Connection): Promise<void> {
  // the configuration part of the XiVO-like fixture
  await createXivoLike(c);
  for (const t of [
    'stat_queue',
    'stat_call_on_queue',
    'stat_agent',
    'queue_log',
    'monitoring',
    'mail',
    'resolvconf',
    'netiface',
    'dhcp',
  ])
    await c.exec(`DROP TABLE ${t}`);
  await seedConfig(c, 'ast', 30);
}

for (const backend of ['postgres', 'mariadb', 'sqlite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`merge on ${backend}`, () => {
    const made: TestDb[] = [];
    let ast: TestDb, xivo: TestDb;
    let into: Connection, from: Connection;

    beforeEach(async () => {
      ast = await freshDb(backend, 'vt_mast');
      xivo = await freshDb(backend, 'vt_mxivo');
      made.push(ast, xivo);
      into = await ast.connect();
      from = await xivo.connect();
      await asteriskDb(into);
      await seedXivoDb(from);
    });
    afterAll(async () => {
      for (const d of made) await d.drop();
    });

    it('two databases voipdb upgraded merge through the CLI: its own tables stay, the history is appended', async () => {
      const a = writeSet('merge_a', { 'V1__calls.sql': 'CREATE TABLE calls (id INTEGER PRIMARY KEY);\n' });
      const b = writeSet('merge_b', { 'V1__agents.sql': 'CREATE TABLE agents (id INTEGER PRIMARY KEY);\n' });
      await into.close();
      await from.close();
      for (const [dir, db] of [
        [a, ast],
        [b, xivo],
      ] as const)
        expect((await runCli(['upgrade', '--dir', dir, '--url', db.url])).code).toBe(0);
      const r = await runCli(['merge', '--from', xivo.url, '--url', ast.url]);
      expect(r.code, r.stderr).toBe(0);
      const c = await ast.connect();
      try {
        expect(await c.query("SELECT version FROM voipdb_history WHERE kind = 'versioned'")).toHaveLength(2);
        expect(await c.query('SELECT id FROM agents')).toEqual([]);
      } finally {
        await c.close();
        removeTempDirs();
      }
    });

    it('finds every conflict before moving anything', async () => {
      await into.exec(`CREATE TABLE accesswebservice (id INTEGER PRIMARY KEY)`);
      const before = {
        into: await snapshotTables(into, ASTERISK_TABLES),
        from: await snapshotTables(from, XIVO_TABLES),
      };
      const found = await mergeConflicts(into, from);
      expect(found.map((c) => `${c.kind} ${c.name}`)).toContain('table accesswebservice');
      const err = await merge(into, from, { dropSource: true }).catch((e) => e);
      expect(err).toBeInstanceOf(VoipdbError);
      expect((err as VoipdbError).message).toMatch(
        /exist in both databases: .*table accesswebservice.*nothing was moved/,
      );
      expect(await snapshotTables(into, ASTERISK_TABLES)).toEqual(before.into);
      expect(await snapshotTables(from, XIVO_TABLES)).toEqual(before.from);
      const intoTables =
        backend === 'sqlite'
          ? await into.query("SELECT name FROM sqlite_master WHERE name = 'netiface'")
          : await into.query(
              backend === 'mariadb'
                ? "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'netiface'"
                : "SELECT 1 FROM pg_class WHERE relname = 'netiface'",
            );
      expect(intoTables).toEqual([]);
      await into.close();
      await from.close();
    });

    it('moves tables and rows, verifies them, and only then removes the source', async () => {
      const expected = await snapshotTables(from, XIVO_TABLES);
      const astBefore = await snapshotTables(into, ASTERISK_TABLES);
      const res = await merge(into, from, { dropSource: true });
      expect(res.moved.map((m) => m.table).sort()).toEqual([...XIVO_TABLES].sort());
      expect(res.moved.find((m) => m.table === 'stats_conf')?.rows).toBe(40);
      expect(res.sourceDropped).toBe(true);
      expect(await snapshotTables(into, XIVO_TABLES)).toEqual(expected);
      expect(await snapshotTables(into, ASTERISK_TABLES)).toEqual(astBefore);
      // counters and constraints came along
      await into.execute("INSERT INTO stats_conf (name) VALUES ('next')");
      const [r] = await into.query<{ id: number }>("SELECT id FROM stats_conf WHERE name = 'next'");
      expect(Number(r!.id)).toBe(41);
      await expect(
        into.execute('INSERT INTO stats_conf_agent (stats_conf_id, agentfeatures_id) VALUES (1, 0)'),
      ).rejects.toThrow();
      if (backend !== 'mariadb') expect((await into.query('SELECT name FROM stats_conf_names')).length).toBe(41);
      // the source is gone
      if (backend === 'sqlite') expect(existsSync(xivo.target.path!)).toBe(false);
      else await expect(xivo.connect()).rejects.toThrow(/does not exist/);
      await into.close();
    });

    if (backend === 'postgres') {
      it("gives every moved object to the target's owner and drops the old role (pg-merge-db)", async () => {
        const role = uniqueName('vt_xivo_role');
        const admin = await connect(parseTarget(PG_ADMIN_URL));
        await admin.exec(`CREATE ROLE ${role}`);
        try {
          for (const o of [
            'TABLE netiface',
            'TABLE stats_conf',
            'TABLE stats_conf_agent',
            'TABLE accesswebservice',
            'TYPE netiface_type',
            'VIEW stats_conf_names',
          ])
            await from.exec(`ALTER ${o} OWNER TO ${role}`);
          await from.exec(`GRANT SELECT ON userfeatures TO ${role}`).catch(() => {});
          const res = await merge(into, from, { dropSource: true, dropRole: role });
          expect(res.roleDropped).toBe(true);
          const owners = await into.query<{ relname: string; owner: string }>(
            `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname IN ('netiface', 'stats_conf', 'stats_conf_id_seq', 'stats_conf_names')`,
          );
          const [dbOwner] = await into.query<{ o: string }>(
            'SELECT pg_get_userbyid(datdba) AS o FROM pg_database WHERE datname = current_database()',
          );
          expect(owners.length).toBe(4);
          for (const o of owners) expect(o.owner, o.relname).toBe(dbOwner!.o);
          const [t] = await into.query<{ owner: string }>(
            "SELECT pg_get_userbyid(typowner) AS owner FROM pg_type WHERE typname = 'netiface_type'",
          );
          expect(t!.owner).toBe(dbOwner!.o);
          expect(await admin.query('SELECT 1 FROM pg_roles WHERE rolname = ?', [role])).toEqual([]);
        } finally {
          await admin.exec(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
          await admin.close();
          await into.close();
        }
      });
    }

    it('keeps the source when not asked to drop it, and --resume recognises a finished merge', async () => {
      const expected = await snapshotTables(from, XIVO_TABLES);
      const res = await merge(into, from);
      expect(res.sourceDropped).toBe(false);
      expect(await snapshotTables(into, XIVO_TABLES)).toEqual(expected);
      if (backend !== 'mariadb') expect(await snapshotTables(from, XIVO_TABLES)).toEqual(expected);
      if (backend !== 'mariadb') {
        // (MariaDB on one server moves tables with RENAME: the source is empty afterwards)
        await expect(merge(into, from)).rejects.toThrow(/exist in both/);
        const again = await merge(into, from, { resume: true, dropSource: true });
        expect(again.alreadyMerged).toBe(true);
        expect(again.sourceDropped).toBe(true);
      } else {
        await from.close();
      }
      await into.close();
    });
  });
}
