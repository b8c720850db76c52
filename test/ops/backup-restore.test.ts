import { mkdtempSync, readFileSync, rmSync, truncateSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { parseTarget } from '../../src/db/url.js';
import { backup } from '../../src/ops/backup.js';
import { backupFormatOf, restore } from '../../src/ops/restore.js';
import { mysqlTool, pgTool } from '../../src/ops/tools.js';
import { VoipdbError } from '../../src/core/errors.js';
import { xivoTableGroups } from '../../src/packs/xivo/groups.js';
import {
  CONFIG_TABLES,
  NETWORK_TABLES,
  STATS_TABLES,
  SUPPORT_TABLES,
  createXivoLike,
  insertRows,
  seedConfig,
  seedStats,
  seedSystem,
  snapshotTables,
  tableText,
} from '../xivo/schema.js';

const HA = ['ha'];
const SYSTEM = [...HA, ...NETWORK_TABLES, ...SUPPORT_TABLES];
const REST = [...CONFIG_TABLES, ...STATS_TABLES];
const dir = mkdtempSync(join(tmpdir(), 'voipdb-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function machine(conn: Connection, name: string, users: number): Promise<void> {
  await createXivoLike(conn);
  // the HA settings table older XiVO databases had
  await conn.exec(
    `CREATE TABLE ha (id INTEGER PRIMARY KEY, node_type VARCHAR(16) NOT NULL, remote_address VARCHAR(39))`,
  );
  await insertRows(
    conn,
    'ha',
    ['id', 'node_type', 'remote_address'],
    [[1, name === 'a' ? 'master' : 'slave', name === 'a' ? '10.0.0.2' : '10.0.1.1']],
  );
  await seedConfig(conn, name, users);
  await seedSystem(conn, name === 'a' ? '10.0.0' : '10.0.1');
  await seedStats(conn, name, 100);
}

for (const backend of ['postgres', 'mariadb', 'sqlite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`backup / restore on ${backend}`, () => {
    let a: TestDb, b: TestDb;
    let ca: Connection, cb: Connection;
    const file = join(dir, `${backend}-a.backup`);

    beforeAll(async () => {
      a = await freshDb(backend, 'vt_bka');
      b = await freshDb(backend, 'vt_bkb');
      ca = await a.connect();
      cb = await b.connect();
      await machine(ca, 'a', 150);
      await machine(cb, 'b', 9);
    });
    afterAll(async () => {
      await ca?.close();
      await cb?.close();
      await a?.drop();
      await b?.drop();
    });

    it('backs up with the platform tool and restores into an empty database', async () => {
      const res = await backup(ca, { file });
      expect(res.format).toBe(backend === 'postgres' ? 'pg-custom' : backend === 'mariadb' ? 'mysql-sql' : 'sqlite');
      expect(backupFormatOf(file)).toBe(res.format);
      const empty = await freshDb(backend, 'vt_bke');
      const ce = await empty.connect();
      try {
        const r = await restore(ce, { file });
        expect(r.kept).toEqual([]);
        expect(await snapshotTables(ce, [...SYSTEM, ...REST])).toEqual(await snapshotTables(ca, [...SYSTEM, ...REST]));
        // counters came along
        await ce.execute("INSERT INTO userfeatures (firstname) VALUES ('next')");
        const [r1] = await ce.query<{ id: number }>("SELECT id FROM userfeatures WHERE firstname = 'next'");
        expect(Number(r1!.id)).toBe(151);
      } finally {
        await ce.close();
        await empty.drop();
      }
    });

    it('leaves out the rows of excluded groups but keeps their tables', async () => {
      const f = join(dir, `${backend}-nostats.backup`);
      const res = await backup(ca, { file: f, groups: xivoTableGroups, excludeGroups: ['callcenter_stats'] });
      expect(res.withoutRows.sort()).toEqual([...STATS_TABLES].sort());
      const empty = await freshDb(backend, 'vt_bkn');
      const ce = await empty.connect();
      try {
        await restore(ce, { file: f });
        expect(await tableText(ce, 'queue_log')).toBe('');
        expect(await tableText(ce, 'userfeatures')).toBe(await tableText(ca, 'userfeatures'));
      } finally {
        await ce.close();
        await empty.drop();
      }
    });

    it('asks for --force before replacing a database that is not empty', async () => {
      const before = await snapshotTables(cb, [...SYSTEM, ...REST]);
      const err = await restore(cb, { file, keepSystemConfig: true, groups: xivoTableGroups }).catch((e) => e);
      expect(err).toBeInstanceOf(VoipdbError);
      expect((err as VoipdbError).message).toMatch(/not empty/);
      expect((err as VoipdbError).hint).toMatch(/--force/);
      expect(await snapshotTables(cb, [...SYSTEM, ...REST])).toEqual(before);
    });

    it("--keep-system-config keeps this machine's HA, network and support rows and restores the rest", async () => {
      const mine = await snapshotTables(cb, SYSTEM);
      const theirs = await snapshotTables(ca, [...SYSTEM, ...REST]);
      expect(mine.netiface).not.toBe(theirs.netiface);
      expect(mine.ha).not.toBe(theirs.ha);
      const r = await restore(cb, { file, force: true, keepSystemConfig: true, groups: xivoTableGroups });
      expect(r.kept.map((k) => k.table).sort()).toEqual([...SYSTEM].sort());
      expect(r.kept.find((k) => k.table === 'netiface')?.rows).toBe(2);
      expect(await snapshotTables(cb, SYSTEM)).toEqual(mine);
      const rest = await snapshotTables(cb, REST);
      for (const t of REST) expect(rest[t], t).toBe(theirs[t]);
      // no stash left behind
      const tables =
        backend === 'postgres'
          ? await cb.query("SELECT 1 FROM pg_namespace WHERE nspname = 'voipdb_keep'")
          : await cb.query(
              backend === 'mariadb'
                ? "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'voipdb_keep%'"
                : "SELECT 1 FROM sqlite_master WHERE name LIKE 'voipdb_keep%'",
            );
      expect(tables).toEqual([]);
    });

    it('refuses a backup of another kind', async () => {
      const other = join(dir, `${backend}-other.txt`);
      copyFileSync(import.meta.filename, other);
      await expect(restore(cb, { file: other, force: true })).rejects.toThrow(/not a backup voipdb knows/);
    });
  });
}

describe.skipIf(!(await available('postgres')))('an interrupted --keep-system-config restore on postgres', () => {
  it("keeps the machine's rows when the restore fails, and uses them on the next run", async () => {
    const a = await freshDb('postgres', 'vt_bkia');
    const b = await freshDb('postgres', 'vt_bkib');
    const ca = await a.connect();
    const cb = await b.connect();
    try {
      await machine(ca, 'a', 20);
      await machine(cb, 'b', 3);
      const good = join(dir, 'interrupted-good.backup');
      const bad = join(dir, 'interrupted-bad.backup');
      await backup(ca, { file: good });
      copyFileSync(good, bad);
      truncateSync(bad, Math.floor(readFileSync(good).length * 0.6));
      const before = await snapshotTables(cb, [...SYSTEM, ...REST]);
      const err = await restore(cb, { file: bad, force: true, keepSystemConfig: true, groups: xivoTableGroups }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(VoipdbError);
      expect(await snapshotTables(cb, [...SYSTEM, ...REST])).toEqual(before); // one transaction: nothing changed
      const r = await restore(cb, { file: good, force: true, keepSystemConfig: true, groups: xivoTableGroups });
      expect(r.kept.length).toBe(SYSTEM.length);
      expect((await snapshotTables(cb, SYSTEM)).netiface).toBe(before.netiface);
      expect((await snapshotTables(cb, ['userfeatures'])).userfeatures).toBe(
        (await snapshotTables(ca, ['userfeatures'])).userfeatures,
      );
    } finally {
      await ca.close();
      await cb.close();
      await a.drop();
      await b.drop();
    }
  });
});

describe('passwords go to the tools through the environment', () => {
  it('never puts them in the arguments', () => {
    const pg = pgTool('pg_dump', parseTarget('postgresql://asterisk:s3cr%40t-pw@db.example:5433/asterisk'), [
      '--format=custom',
    ]);
    expect(pg.args.join(' ')).not.toContain('s3cr');
    expect(pg.env.PGPASSWORD).toBe('s3cr@t-pw');
    expect(pg.args).toContain('asterisk');
    const my = mysqlTool('dump', parseTarget('mysql://root:hunter2-pw@127.0.0.1:3306/asterisk'), ['asterisk']);
    expect(my.args.join(' ')).not.toContain('hunter2');
    expect(my.env.MYSQL_PWD).toBe('hunter2-pw');
  });
});

describe('PGlite', () => {
  it('says how to back up an embedded database', async () => {
    const p = await freshDb('pglite', 'vt_bkp');
    const c = await p.connect();
    try {
      const err = await backup(c, { file: join(dir, 'x') }).catch((e) => e);
      expect(err).toBeInstanceOf(VoipdbError);
      expect((err as VoipdbError).hint).toMatch(/copy the directory/);
    } finally {
      await c.close();
    }
  });
});
