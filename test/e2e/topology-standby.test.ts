// A PostgreSQL primary with a streaming standby made by pg_basebackup -R, both private on loopback:
// `upgrade` on the standby is refused in one line naming the primary; check, status, history and
// diff work there read-only; `upgrade --wait-replicas` waits for the standby's replay and says
// when it is still behind.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { programsFor, startPgPair, type PgPair } from './topology/servers.js';

describe.skipIf(!programsFor('standby'))('PostgreSQL primary + streaming standby', () => {
  let pair: PgPair;
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-standby-set-'));
  writeFileSync(join(dir, 'V1__calls.sql'), 'CREATE TABLE calls (id INTEGER PRIMARY KEY, caller VARCHAR(64));\n');

  beforeAll(async () => {
    ensureBuilt();
    pair = await startPgPair();
  }, 180_000);
  afterAll(async () => {
    await pair?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('upgrades the primary and waits for the standby to replay it', async () => {
    const r = await runCli([
      'upgrade',
      '--pack',
      'kamailio',
      '-O',
      'groups=standard',
      '--dir',
      dir,
      '--url',
      pair.primaryUrl,
      '--wait-replicas',
      '60',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.replicas.caughtUp).toBe(true);
    expect(out.replicas.replicas).toHaveLength(1);
    expect(out.replicas.replicas[0]).toMatchObject({ caughtUp: true, behindBytes: 0, state: 'streaming' });
  }, 120_000);

  it('refuses an upgrade on the standby in one line naming the primary', async () => {
    writeFileSync(join(dir, 'V2__calls_callee.sql'), 'ALTER TABLE calls ADD COLUMN callee VARCHAR(64);\n');
    const r = await runCli(['upgrade', '--dir', dir, '--url', pair.standbyUrl]);
    expect(r.code).toBe(9);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/read-only standby .*primary is 127\.0\.0\.1:\d+.*must run on the primary/);
    expect(r.stderr).toContain(`127.0.0.1:${pair.primaryPort}`);
    expect(r.stderr).toContain(`voipdb upgrade --url postgresql://postgres@127.0.0.1:${pair.primaryPort}/`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const cmd of ['downgrade', 'stamp']) {
      const d = await runCli([cmd, 'base', '--dir', dir, '--url', pair.standbyUrl]);
      expect(d.code, d.stderr).toBe(9);
      expect(d.stderr).toMatch(new RegExp(`${cmd} must run on the primary`));
    }
  }, 120_000);

  it('check, status, history and diff work on the standby, read-only', async () => {
    const sets = ['--pack', 'kamailio', '-O', 'groups=standard', '--dir', dir];
    const check = await runCli(['check', ...sets, '--url', pair.standbyUrl, '--json']);
    // V2 is pending: check says NOK (exit 1), which is an answer, not an error.
    expect(check.code, check.stderr).toBe(1);
    const mine = JSON.parse(check.stdout).sets.find((s: { set: string }) => s.set.startsWith('voipdb-standby-set'));
    expect(mine).toMatchObject({ current: '1', pending: ['2'] });
    const status = await runCli(['status', ...sets, '--url', pair.standbyUrl]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/kamailio/);
    const history = await runCli(['history', ...sets, '--url', pair.standbyUrl, '--json']);
    expect(history.code, history.stderr).toBe(0);
    expect(JSON.parse(history.stdout).history.some((h: { script: string }) => h.script === 'V1__calls.sql')).toBe(true);
    const diff = await runCli(['diff', ...sets, '--url', pair.standbyUrl]);
    // The directory set's schema, recorded on the primary after its upgrade, is there on the standby too.
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
    expect(diff.stderr).not.toMatch(/^voipdb: /m);
    expect(diff.stdout).toContain('no differences');
  }, 120_000);

  it('--wait-replicas reports a standby that stays behind, and one that catches up', async () => {
    await pair.pauseReplay(true);
    const behind = await runCli(['upgrade', '--dir', dir, '--url', pair.primaryUrl, '--wait-replicas', '2']);
    // The upgrade stands; the exit says the standby is not up to date.
    expect(behind.code, behind.stderr).toBe(1);
    expect(behind.stdout).toMatch(/still behind position/);
    expect(behind.stdout).toMatch(/walreceiver\s+streaming\s+no/);
    await pair.pauseReplay(false);
    const caught = await runCli(['upgrade', '--dir', dir, '--url', pair.primaryUrl, '--wait-replicas', '60', '--json']);
    expect(caught.code, caught.stderr).toBe(0);
    expect(JSON.parse(caught.stdout).replicas.caughtUp).toBe(true);
    const status = await runCli(['check', '--dir', dir, '--url', pair.standbyUrl]);
    expect(status.code, status.stderr).toBe(0);
  }, 120_000);
});
