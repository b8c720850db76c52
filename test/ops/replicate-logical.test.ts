// Continuous replication with PostgreSQL's logical replication. The shared test server runs with
// wal_level = replica (and must not be restarted), so the master here is a private PostgreSQL
// started for this file with wal_level = logical (initdb + pg_ctl, when they are installed), or the
// server named by VOIPDB_TEST_PG_LOGICAL. The standby is a fresh database on the shared server.

import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { connect } from '../../src/db/connect.js';
import type { Connection } from '../../src/db/connection.js';
import { parseTarget } from '../../src/db/url.js';
import { logicalStatus, requireLogicalWal, startLogical, stopLogical } from '../../src/ops/replicate.js';
import { VoipdbError } from '../../src/core/errors.js';
import { xivoTableGroups } from '../../src/packs/xivo/groups.js';
import {
  CONFIG_TABLES,
  NETWORK_TABLES,
  createXivoLike,
  seedConfig,
  seedStats,
  seedSystem,
  snapshotTables,
} from '../xivo/schema.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Cluster {
  url: string;
  stop(): void;
}

/** A throw-away PostgreSQL with wal_level = logical on its own port and socket directory. */
function startPrivateCluster(): Cluster | undefined {
  if (process.env.VOIPDB_TEST_PG_LOGICAL) return { url: process.env.VOIPDB_TEST_PG_LOGICAL, stop() {} };
  if (!existsSync(join(PG_BIN, 'initdb')) || process.getuid?.() === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-pglogical-'));
  const asRoot = process.getuid() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    chownSync(dir, uid, uid);
  }
  const port = 55000 + Math.floor(Math.random() * 4000);
  try {
    run(join(PG_BIN, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres']);
    run(join(PG_BIN, 'pg_ctl'), [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c wal_level=logical -c max_wal_senders=10 -c max_replication_slots=10`,
      'start',
    ]);
  } catch (e) {
    console.warn(
      '[voipdb tests] could not start a private PostgreSQL with wal_level=logical:',
      String(e).slice(0, 200),
    );
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(join(PG_BIN, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const pgHere = await available('postgres');

describe.skipIf(!pgHere)('continuous replication needs wal_level = logical', () => {
  it('says so in one line with the fix when the master is not logical', async () => {
    const db = await freshDb('postgres', 'vt_wal');
    const c = await db.connect();
    try {
      const [r] = await c.query<{ wal_level: string }>('SHOW wal_level');
      if (r!.wal_level === 'logical') return; // a logical server: nothing to refuse
      const err = await requireLogicalWal(c).catch((e) => e);
      expect(err).toBeInstanceOf(VoipdbError);
      const line = (err as VoipdbError).line();
      expect(line).not.toContain('\n');
      expect(line).toMatch(/wal_level is "replica"/);
      expect((err as VoipdbError).hint).toMatch(/ALTER SYSTEM SET wal_level = logical.*restart/);
    } finally {
      await c.close();
      await db.drop();
    }
  });
});

const cluster = pgHere ? startPrivateCluster() : undefined;

describe.skipIf(!cluster)('continuous replication (publication + subscription)', () => {
  let masterDbName = '';
  let masterUrl = '';
  let admin: Connection, master: Connection, standby: Connection;
  let sdb: TestDb;
  let standby2Url = '';
  let standby2: Connection;

  beforeAll(async () => {
    admin = await connect(parseTarget(cluster!.url));
    masterDbName = `vt_logm_${Date.now().toString(36)}`;
    await admin.exec(`CREATE DATABASE ${masterDbName}`);
    await admin.exec(`CREATE DATABASE ${masterDbName}_s`);
    masterUrl = cluster!.url.replace(/\/postgres$/, `/${masterDbName}`);
    standby2Url = cluster!.url.replace(/\/postgres$/, `/${masterDbName}_s`);
    master = await connect(parseTarget(masterUrl));
    standby2 = await connect(parseTarget(standby2Url));
    sdb = await freshDb('postgres', 'vt_logs');
    standby = await sdb.connect();
    for (const c of [master, standby, standby2]) await createXivoLike(c);
    await seedConfig(master, 'master', 200);
    await seedSystem(master, '10.0.0');
    await seedStats(master, 'master', 300);
    for (const c of [standby, standby2]) {
      await seedConfig(c, 'standby', 5);
      await seedSystem(c, '10.0.1');
    }
  });

  afterAll(async () => {
    if (master && standby) await stopLogical(master, standby, 'other').catch(() => {});
    if (master && standby2) await stopLogical(master, standby2, 'local').catch(() => {});
    await standby?.close();
    await standby2?.close();
    await master?.close();
    await sdb?.drop();
    if (admin) {
      await admin.exec(`DROP DATABASE IF EXISTS ${masterDbName} WITH (FORCE)`).catch(() => {});
      await admin.exec(`DROP DATABASE IF EXISTS ${masterDbName}_s WITH (FORCE)`).catch(() => {});
      await admin.close();
    }
    cluster?.stop();
  });

  async function until(cond: () => Promise<boolean>, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error('timed out waiting for replication');
      await sleep(200);
    }
  }

  it('refuses tables without a primary key unless asked for REPLICA IDENTITY FULL', async () => {
    const err = await startLogical(master, standby, {
      name: 'other',
      groups: xivoTableGroups,
      excludeGroups: ['network', 'support'],
    }).catch((e) => e);
    expect(err).toBeInstanceOf(VoipdbError);
    expect(String(err.message)).toMatch(/without a primary key.*queue_log/);
  });

  it('copies the included tables to a standby on another server and streams later changes', async () => {
    const standbyBefore = await snapshotTables(standby, NETWORK_TABLES);
    const res = await startLogical(master, standby, { name: 'other', groups: xivoTableGroups, waitMs: 30_000 });
    expect(res.tables.sort()).toEqual([...CONFIG_TABLES].sort());
    expect(res.ready).toBe(CONFIG_TABLES.length);
    const m = await snapshotTables(master, CONFIG_TABLES);
    expect(await snapshotTables(standby, CONFIG_TABLES)).toEqual(m);

    await master.execute("INSERT INTO userfeatures (firstname, lastname) VALUES ('live', 'change')");
    await master.execute("UPDATE linefeatures SET number = '9999' WHERE id = 1");
    await master.execute('DELETE FROM attachment WHERE id = 2');
    await master.execute("UPDATE netiface SET address = '192.0.2.1'"); // excluded: must not travel
    await until(
      async () =>
        (await snapshotTables(standby, CONFIG_TABLES)).userfeatures ===
        (await snapshotTables(master, CONFIG_TABLES)).userfeatures,
    );
    await until(
      async () =>
        JSON.stringify(await snapshotTables(standby, CONFIG_TABLES)) ===
        JSON.stringify(await snapshotTables(master, CONFIG_TABLES)),
    );
    expect(await snapshotTables(standby, NETWORK_TABLES)).toEqual(standbyBefore);
    const st = await logicalStatus(standby, 'other');
    expect(st.exists && st.enabled).toBe(true);
  });

  it('works between two databases of one cluster (slot made first)', async () => {
    const res = await startLogical(master, standby2, { name: 'local', groups: xivoTableGroups, waitMs: 30_000 });
    expect(res.ready).toBe(CONFIG_TABLES.length);
    await master.execute("INSERT INTO queuefeatures (name) VALUES ('late')");
    await until(async () => (await standby2.query("SELECT 1 FROM queuefeatures WHERE name = 'late'")).length === 1);
  });

  it('stops: subscription, publication and slot are gone', async () => {
    await stopLogical(master, standby, 'other');
    await stopLogical(master, standby2, 'local');
    expect((await logicalStatus(standby, 'other')).exists).toBe(false);
    expect(await master.query("SELECT 1 FROM pg_publication WHERE pubname LIKE 'voipdb_%'")).toEqual([]);
    expect(await master.query("SELECT 1 FROM pg_replication_slots WHERE slot_name LIKE 'voipdb_%'")).toEqual([]);
  });
});
