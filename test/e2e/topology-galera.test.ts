// A three-node MariaDB Galera cluster (Debian's galera-4, three mariadbd on loopback ports):
// eight upgrades at once spread over the three nodes apply each migration exactly once and all
// exit 0 (the run lock is a lease row certified cluster-wide, not GET_LOCK, which is local to a
// node); a node killed mid-upgrade, the upgrade rerun through another node, ends with the schema
// of an uninterrupted run; a node that is not synced is refused.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { collect, ensureBuilt, runCli, spawnCli } from '../helpers/cli.js';
import { programsFor, startGalera, type Galera } from './topology/servers.js';

const PROCESSES = 8;
const LEASE = '4';
const PACK = ['--pack', 'kamailio', '-O', 'groups=standard'];

async function query<R>(url: string, sql: string): Promise<R[]> {
  const c = await connect(parseTarget(url));
  try {
    return await c.query<R>(sql);
  } finally {
    await c.close();
  }
}

/** A database's schema as information_schema tells it, for comparing two runs. */
async function schemaOf(url: string, db: string): Promise<string[]> {
  const cols = await query<Record<string, unknown>>(
    url,
    `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_KEY, EXTRA FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = '${db}' AND TABLE_NAME NOT IN ('voipdb_history', 'voipdb_lock') ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const idx = await query<Record<string, unknown>>(
    url,
    `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = '${db}' AND TABLE_NAME NOT IN ('voipdb_history', 'voipdb_lock') ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const version = await query<Record<string, unknown>>(
    url,
    `SELECT table_name, table_version FROM \`${db}\`.version ORDER BY table_name`,
  );
  return [...cols, ...idx, ...version].map((r) => JSON.stringify(r));
}

describe.skipIf(!programsFor('galera'))('MariaDB Galera cluster of three', () => {
  let g: Galera;
  const url = (node: number, db: string) => `mysql://root@127.0.0.1:${g.nodes[node]!.port}/${db}`;

  beforeAll(async () => {
    ensureBuilt();
    g = await startGalera(3, 'concurrent');
    await query(url(0, 'concurrent'), 'CREATE DATABASE interrupted');
    await query(url(0, 'concurrent'), 'CREATE DATABASE reference');
  }, 300_000);
  afterAll(async () => {
    await g?.stop();
  }, 60_000);

  it(`${PROCESSES} upgrades over the three nodes apply each migration once and all exit 0`, async () => {
    const env = { VOIPDB_LOCK_LEASE: LEASE };
    const children = Array.from({ length: PROCESSES }, (_, i) =>
      spawnCli(['upgrade', ...PACK, '--url', url(i % 3, 'concurrent'), '--json', '--lock-timeout', '240'], { env }),
    );
    const results = await Promise.all(children.map((c) => collect(c, 300_000)));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/^voipdb: /m);
    }
    // Exactly one process did the work; the others found it done.
    const ran = results.map((r) =>
      (JSON.parse(r.stdout).applied as { kind: string; state: string }[]).filter(
        (s) => s.kind === 'versioned' && s.state !== 'skipped-by-other',
      ),
    );
    expect(ran.filter((steps) => steps.length > 0)).toHaveLength(1);
    // Every node has each history row once, all applied; and the lock is free.
    for (const node of [0, 1, 2]) {
      const rows = await query<{ set_name: string; kind: string; version: string; state: string; n: number }>(
        url(node, 'concurrent'),
        'SELECT set_name, kind, version, state, COUNT(*) AS n FROM voipdb_history GROUP BY set_name, kind, version, state',
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => Number(r.n) !== 1 || r.state !== 'applied')).toEqual([]);
      expect(await query(url(node, 'concurrent'), 'SELECT * FROM voipdb_lock')).toEqual([]);
    }
    const check = await runCli(['check', ...PACK, '--url', url(2, 'concurrent')]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 400_000);

  it('the plan (voipdb estimate) marks the steps that block the whole cluster, with the table size and the safe alternative', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voipdb-galera-set-'));
    try {
      writeFileSync(
        join(dir, 'V1__calls.sql'),
        "CREATE TABLE calls (id INTEGER PRIMARY KEY, caller VARCHAR(64));\nINSERT INTO calls SELECT seq, CONCAT('c', seq) FROM seq_1_to_1200;\n",
      );
      expect((await runCli(['upgrade', '--dir', dir, '--url', url(0, 'concurrent')])).code).toBe(0);
      writeFileSync(join(dir, 'V2__calls_callee.sql'), 'ALTER TABLE calls ADD COLUMN callee VARCHAR(64);\n');
      writeFileSync(join(dir, 'V3__calls_caller_idx.sql'), 'CREATE INDEX calls_caller ON calls (caller);\n');
      writeFileSync(join(dir, 'V4__calls_note.sql'), "INSERT INTO calls (id, caller) VALUES (0, 'x');\n");
      const r = await runCli(['estimate', '--dir', dir, '--url', url(1, 'concurrent'), '--json']);
      expect(r.code, r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(plan.topology).toMatch(/^Galera cluster of 3 \(node node1, Synced, DDL by TOI\)/);
      const [v2, v3, v4] = plan.steps;
      expect(v2).toMatchObject({ version: '2', table: 'calls', rows: 1200, cluster: { blocksCluster: true } });
      expect(v2.cluster.alternative).toMatch(/ALGORITHM=INSTANT/);
      expect(v3).toMatchObject({ version: '3', table: 'calls', rows: 1200, cluster: { blocksCluster: true } });
      expect(v3.cluster.alternative).toMatch(/RSU node by node/);
      expect(v4.cluster).toEqual({ blocksCluster: false, alternative: '' });
      const text = await runCli(['estimate', '--dir', dir, '--url', url(1, 'concurrent')]);
      expect(text.stdout).toMatch(/TOI: blocks the cluster/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a node not synced is refused, naming a synced one', async () => {
    await query(url(1, 'concurrent'), 'SET GLOBAL wsrep_desync = ON');
    try {
      const r = await runCli(['upgrade', ...PACK, '--url', url(1, 'concurrent')]);
      expect(r.code).toBe(9);
      expect(r.stderr).toMatch(/Galera node node1 is Donor\/Desynced, not Synced/);
      expect(r.stderr).toMatch(/voipdb upgrade --url mysql:\/\/root@127\.0\.0\.1:\d+\/concurrent/);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => /^\s+at /.test(l)),
      ).toEqual([]);
    } finally {
      await query(url(1, 'concurrent'), 'SET GLOBAL wsrep_desync = OFF');
    }
  }, 60_000);

  // The node can die after a DDL committed cluster-wide and before its progress row did: the rerun
  // asks the catalog what became of the statement in flight (engine/resume.ts).
  it('a node killed mid-upgrade, rerun through another node: the schema of an uninterrupted run', async () => {
    const env = { VOIPDB_LOCK_LEASE: LEASE };
    const reference = await runCli(['upgrade', ...PACK, '--replay', '--url', url(1, 'reference')], {
      env,
      timeoutMs: 300_000,
    });
    expect(reference.code, reference.stderr).toBe(0);
    // --replay runs the migrations one by one, statement by statement, so there is a middle to kill in.
    const child = spawnCli(['upgrade', ...PACK, '--replay', '--url', url(2, 'interrupted')], { env });
    const done = collect(child, 300_000);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [r] = await query<{ n: number }>(
        url(0, 'concurrent'),
        "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'interrupted'",
      ).catch(() => [{ n: 0 }]);
      if (Number(r!.n) >= 8 || Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    await g.kill(2);
    const killed = await done;
    expect(killed.code, 'the upgrade through the killed node fails').not.toBe(0);
    const rerun = await runCli(
      ['upgrade', ...PACK, '--replay', '--url', url(0, 'interrupted'), '--lock-timeout', '60'],
      { env, timeoutMs: 300_000 },
    );
    expect(rerun.code, rerun.stderr).toBe(0);
    const check = await runCli(['check', ...PACK, '--url', url(1, 'interrupted')]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(await schemaOf(url(0, 'interrupted'), 'interrupted')).toEqual(
      await schemaOf(url(0, 'reference'), 'reference'),
    );
  }, 400_000);
});
