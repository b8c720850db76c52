import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { replicate, planReplicate } from '../../src/ops/replicate.js';
import { VoipdbError } from '../../src/core/errors.js';
import { xivoReplicateExclude, xivoTableGroups } from '../../src/packs/xivo/groups.js';
import {
  ALL_TABLES,
  CONFIG_TABLES,
  NETWORK_TABLES,
  STATS_TABLES,
  SUPPORT_TABLES,
  createXivoLike,
  seedConfig,
  seedStats,
  seedSystem,
  snapshotTables,
} from '../xivo/schema.js';

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`replicate on ${backend}`, () => {
    let mdb: TestDb, sdb: TestDb;
    let master: Connection, standby: Connection;

    beforeAll(async () => {
      mdb = await freshDb(backend, 'vt_repm');
      sdb = await freshDb(backend, 'vt_reps');
      master = await mdb.connect();
      standby = await sdb.connect();
      for (const c of [master, standby]) await createXivoLike(c);
      await seedConfig(master, 'master', 300);
      await seedSystem(master, '10.0.0');
      await seedStats(master, 'master', 2000);
      await seedConfig(standby, 'standby', 7);
      await seedSystem(standby, '10.0.1');
      await seedStats(standby, 'standby', 30);
    });

    afterAll(async () => {
      await master?.close();
      await standby?.close();
      await mdb?.drop();
      await sdb?.drop();
    });

    it('makes the standby equal to the master except the excluded groups, which stay as they were', async () => {
      const masterBefore = await snapshotTables(master);
      const standbyBefore = await snapshotTables(standby);
      expect(standbyBefore.userfeatures).not.toBe(masterBefore.userfeatures);

      const res = await replicate(master, standby, { groups: xivoTableGroups });
      expect(res.tables.map((t) => t.table).sort()).toEqual([...CONFIG_TABLES].sort());
      expect(res.excluded.map((e) => e.table).sort()).toEqual(
        [...NETWORK_TABLES, ...SUPPORT_TABLES, ...STATS_TABLES].sort(),
      );
      expect(res.excluded.find((e) => e.table === 'netiface')?.group).toBe('network');
      expect(res.rows).toBe(300 + 300 + 3 + 2);

      const masterAfter = await snapshotTables(master);
      const standbyAfter = await snapshotTables(standby);
      expect(masterAfter).toEqual(masterBefore); // the master is never written
      for (const t of CONFIG_TABLES) expect(standbyAfter[t], t).toBe(masterBefore[t]);
      for (const t of [...NETWORK_TABLES, ...SUPPORT_TABLES, ...STATS_TABLES])
        expect(standbyAfter[t], t).toBe(standbyBefore[t]);
    });

    it('carries the counters: the next user id on the standby follows the master', async () => {
      const [m] = await master.query<{ n: number }>('SELECT max(id) AS n FROM userfeatures');
      await standby.execute("INSERT INTO userfeatures (firstname) VALUES ('after-failover')");
      const [r] = await standby.query<{ id: number }>("SELECT id FROM userfeatures WHERE firstname = 'after-failover'");
      expect(Number(r!.id)).toBe(Number(m!.n) + 1);
      await standby.execute("DELETE FROM userfeatures WHERE firstname = 'after-failover'");
    });

    it('leaves out the groups asked for, and refuses an unknown group', async () => {
      const plan = await planReplicate(master, standby, {
        groups: xivoTableGroups,
        excludeGroups: xivoReplicateExclude,
      });
      expect(plan.included.sort()).toEqual([...CONFIG_TABLES].sort());
      const plan2 = await planReplicate(master, standby, { groups: xivoTableGroups, excludeGroups: ['network'] });
      expect(plan2.included).toContain('queue_log');
      expect(plan2.included).not.toContain('netiface');
      // parents before children
      expect(plan2.included.indexOf('userfeatures')).toBeLessThan(plan2.included.indexOf('linefeatures'));
      await expect(
        planReplicate(master, standby, { groups: xivoTableGroups, excludeGroups: ['networks'] }),
      ).rejects.toThrow(/unknown table group "networks"/);
    });

    it('refuses a standby whose schema differs, before writing anything', async () => {
      const before = await snapshotTables(standby);
      await master.exec('ALTER TABLE queuefeatures ADD COLUMN timeout INTEGER');
      try {
        const err = await replicate(master, standby, { groups: xivoTableGroups }).catch((e) => e);
        expect(err).toBeInstanceOf(VoipdbError);
        expect((err as VoipdbError).message).toMatch(/queuefeatures has other columns/);
        expect((err as VoipdbError).hint).toMatch(/voipdb upgrade/);
      } finally {
        await master.exec('ALTER TABLE queuefeatures DROP COLUMN timeout');
      }
      expect(await snapshotTables(standby)).toEqual(before);
    });

    it('rolls the standby back when the sync fails half-way', async () => {
      await replicate(master, standby, { groups: xivoTableGroups, excludeGroups: ['network', 'support'] });
      // queue_log now replicated; make the standby refuse one master row half-way through the load
      await master.execute(
        "INSERT INTO queue_log (time, callid, queuename, agent, event) VALUES ('2014-09-01', 'poison', 'q1', 'Agent/1', 'X')",
      );
      await standby.exec(
        backend === 'mariadb'
          ? "ALTER TABLE queue_log ADD CONSTRAINT no_poison CHECK (callid <> 'poison')"
          : backend === 'sqlite'
            ? "CREATE TRIGGER no_poison BEFORE INSERT ON queue_log WHEN NEW.callid = 'poison' BEGIN SELECT RAISE(ABORT, 'poison'); END"
            : "ALTER TABLE queue_log ADD CONSTRAINT no_poison CHECK (callid <> 'poison')",
      );
      await seedConfig(master, 'second', 3); // changes the master's configuration too
      const before = await snapshotTables(standby);
      const err = await replicate(master, standby, {
        groups: xivoTableGroups,
        excludeGroups: ['network', 'support'],
      }).catch((e) => e);
      expect(err).toBeInstanceOf(VoipdbError);
      expect(String((err as Error).message)).toMatch(/left as it was/);
      expect(await snapshotTables(standby)).toEqual(before);
    });
  });
}

it('lists every table of the fixture once', () => {
  expect(new Set(ALL_TABLES).size).toBe(ALL_TABLES.length);
});
