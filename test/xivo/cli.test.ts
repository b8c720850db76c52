// An upgrade night through the command line: the replicate, backup, restore, merge, estimate,
// prune and online commands on PostgreSQL, with XiVO's table groups given as --group flags.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { createApp } from '../../src/cli/app.js';
import { buildProgram } from '../../src/cli/main.js';
import * as backupCmd from '../../src/cli/commands/backup.js';
import * as estimateCmd from '../../src/cli/commands/estimate.js';
import * as mergeCmd from '../../src/cli/commands/merge.js';
import * as onlineCmd from '../../src/cli/commands/online.js';
import * as pruneCmd from '../../src/cli/commands/prune.js';
import * as replicateCmd from '../../src/cli/commands/replicate.js';
import * as restoreCmd from '../../src/cli/commands/restore.js';
import {
  createXivoLike,
  seedConfig,
  seedStats,
  seedSystem,
  snapshotTables,
  CONFIG_TABLES,
  NETWORK_TABLES,
} from './schema.js';

const GROUPS = [
  '--group',
  'network=dhcp,netiface,resolvconf',
  '--group',
  'support=mail,monitoring',
  '--group',
  'callcenter_stats=queue_log,stat_*',
];

/** voipdb with this area's commands (registered here until the CLI lists them). */
async function voipdb(...args: string[]): Promise<{ json: unknown; code: number }> {
  const program = buildProgram();
  const app = createApp();
  for (const c of [replicateCmd, backupCmd, restoreCmd, mergeCmd, estimateCmd, pruneCmd, onlineCmd]) {
    const name =
      c === replicateCmd
        ? 'replicate'
        : c === backupCmd
          ? 'backup'
          : c === restoreCmd
            ? 'restore'
            : c === mergeCmd
              ? 'merge'
              : c === estimateCmd
                ? 'estimate'
                : c === pruneCmd
                  ? 'prune'
                  : 'online';
    if (!program.commands.some((x) => x.name() === name)) c.register(program, app);
  }
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'voipdb', ...args, '--json']);
  } finally {
    spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { json: out ? JSON.parse(out) : undefined, code };
}

describe.skipIf(!(await available('postgres')))('the upgrade-night commands', () => {
  let m: TestDb, s: TestDb, x: TestDb;
  let master: Connection, standby: Connection;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voipdb-cli-'));
    m = await freshDb('postgres', 'vt_clim');
    s = await freshDb('postgres', 'vt_clis');
    x = await freshDb('postgres', 'vt_clix');
    master = await m.connect();
    standby = await s.connect();
    for (const c of [master, standby]) await createXivoLike(c);
    await seedConfig(master, 'master', 40);
    await seedSystem(master, '10.0.0');
    await seedStats(master, 'master', 3000);
    await seedConfig(standby, 'standby', 3);
    await seedSystem(standby, '10.0.1');
  });
  afterAll(async () => {
    await master?.close();
    await standby?.close();
    for (const d of [m, s, x]) await d?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replicate leaves the groups out and says which', async () => {
    const net = await snapshotTables(standby, NETWORK_TABLES);
    const { json } = await voipdb('replicate', '--url', m.url, '--to', s.url, ...GROUPS);
    const r = json as { tables: { table: string }[]; excluded: { table: string; group: string }[] };
    expect(r.tables.map((t) => t.table).sort()).toEqual([...CONFIG_TABLES].sort());
    expect(r.excluded).toContainEqual({ table: 'stat_agent', group: 'callcenter_stats' });
    expect(await snapshotTables(standby, CONFIG_TABLES)).toEqual(await snapshotTables(master, CONFIG_TABLES));
    expect(await snapshotTables(standby, NETWORK_TABLES)).toEqual(net);
    await expect(voipdb('replicate', '--url', m.url, '--to', s.url, '--continuous')).rejects.toThrow(/wal_level/);
  });

  it('backup, then restore --keep-system-config on the standby', async () => {
    const file = join(dir, 'master.dump');
    const b = (await voipdb('backup', '--url', m.url, '-f', file)).json as { format: string };
    expect(b.format).toBe('pg-custom');
    await expect(voipdb('restore', '--url', s.url, '-f', file, ...GROUPS)).rejects.toThrow(/not empty/);
    const mine = await snapshotTables(standby, [...NETWORK_TABLES, 'mail', 'monitoring']);
    const r = (await voipdb('restore', '--url', s.url, '-f', file, '--force', '--keep-system-config', ...GROUPS))
      .json as { kept: { table: string }[] };
    expect(r.kept.map((k) => k.table).sort()).toEqual(['dhcp', 'mail', 'monitoring', 'netiface', 'resolvconf']);
    expect(await snapshotTables(standby, [...NETWORK_TABLES, 'mail', 'monitoring'])).toEqual(mine);
    expect((await snapshotTables(standby, ['queue_log'])).queue_log).toBe(
      (await snapshotTables(master, ['queue_log'])).queue_log,
    );
  });

  it('prune, online and estimate on queue_log', async () => {
    expect(
      ((await voipdb('prune', '--url', m.url, '--before', '2014-03-01', '--dry-run')).json as { matching: number })
        .matching,
    ).toBe(1000);
    expect(
      (
        (await voipdb('prune', '--url', m.url, '--before', '2014-03-01', '--batch-rows', '300')).json as {
          deleted: number;
        }
      ).deleted,
    ).toBe(1000);

    const sets = join(dir, 'callcenter');
    mkdirSync(sets);
    writeFileSync(join(sets, 'V1__marker.sql'), 'CREATE TABLE cc_marker (id INTEGER);');
    writeFileSync(
      join(sets, 'V2__queue_log_id.sql'),
      'ALTER TABLE queue_log ADD COLUMN id SERIAL PRIMARY KEY;\nGRANT ALL ON SEQUENCE queue_log_id_seq TO postgres;',
    );
    const est = (await voipdb('estimate', '--url', m.url, '--dir', sets, '--min-rows', '1000', '--sample-rows', '1000'))
      .json as { steps: { version: string; method: string }[] };
    expect(est.steps.map((e) => [e.version, e.method])).toEqual([
      ['1', 'no-table'],
      ['2', 'measured'],
    ]);
    await expect(voipdb('online', '--url', m.url, '--dir', sets, '--ahead', 'callcenter@2')).rejects.toThrow(
      /not the next pending step/,
    );
    await voipdb('upgrade', '--url', m.url, '--dir', sets, '1');
    const ahead = (
      await voipdb('online', '--url', m.url, '--dir', sets, '--ahead', 'callcenter@2', '--batch-rows', '500')
    ).json as { online: { rows: number } };
    expect(ahead.online.rows).toBe(2000);
    const up = (await voipdb('upgrade', '--url', m.url, '--dir', sets)).json as { applied: unknown[] };
    expect(up.applied).toEqual([]);
    const again = (await voipdb('online', '--url', s.url, '--add-primary-key', 'queue_log', '--grant', 'postgres'))
      .json as { rows: number };
    expect(again.rows).toBe(3000);
  });

  it('merge --check lists conflicts; merge --drop-source folds and removes', async () => {
    const xc = await x.connect();
    await xc.exec('CREATE TABLE accesswebservice (id SERIAL PRIMARY KEY, name VARCHAR(64))');
    await xc.exec("INSERT INTO accesswebservice (name) VALUES ('a'), ('b')");
    await xc.exec('CREATE TABLE mail (id INTEGER)');
    await xc.close();
    const check = await voipdb('merge', '--url', m.url, '--from', x.url, '--check');
    expect(check.code).toBe(1);
    expect((check.json as { conflicts: { name: string }[] }).conflicts.map((c) => c.name)).toEqual(['mail']);
    const xc2 = await x.connect();
    await xc2.exec('DROP TABLE mail');
    await xc2.close();
    const r = (await voipdb('merge', '--url', m.url, '--from', x.url, '--drop-source')).json as {
      moved: { table: string; rows: number }[];
      sourceDropped: boolean;
    };
    expect(r.moved).toEqual([{ table: 'accesswebservice', rows: 2 }]);
    expect(r.sourceDropped).toBe(true);
  });
});
