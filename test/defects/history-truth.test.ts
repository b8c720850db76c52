// The history tells the truth through the command line (issue 22, defect 15): after a batched
// upgrade each migration has its own time, and a stamp downward is recorded as a stamp
// ('unstamped'), never as 'reverted'.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

/** 15 small migrations; the 5th sleeps a second on PostgreSQL (and SQLite has no sleep: it is skipped there). */
function migrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-hist-'));
  for (let i = 1; i <= 15; i++) {
    const n = String(i).padStart(4, '0');
    const sleep = i === 5 ? 'SELECT pg_sleep(1);\n' : '';
    writeFileSync(join(dir, `${n}_t${i}.sql`), `${sleep}CREATE TABLE t${i} (id integer PRIMARY KEY);\n`);
  }
  return dir;
}

interface Row {
  version: string | null;
  state: string;
  duration_ms: number | null;
  started_at: string;
  finished_at: string | null;
}

for (const backend of ['postgres', 'pglite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`history through the CLI on ${backend}`, { timeout: 300_000 }, () => {
    it("a batched upgrade: each migration its own time, not the batch's", async () => {
      const db = await freshDb(backend, 'hist');
      created.push(db);
      const dir = migrations();
      const up = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
      expect(up.code, up.stderr).toBe(0);
      const rows: Row[] = JSON.parse(
        (await runCli(['history', '--json', '--dir', dir, '--url', db.url])).stdout,
      ).history;
      const versioned = rows.filter((r) => r.version);
      expect(versioned).toHaveLength(15);
      const slow = versioned.find((r) => r.version === '0005')!;
      expect(slow.duration_ms).toBeGreaterThanOrEqual(1000);
      // the others did not take the sleeping one's second
      for (const r of versioned.filter((x) => x.version !== '0005'))
        expect(r.duration_ms, r.version!).toBeLessThan(1000);
      // and their times follow one another
      expect(versioned.find((r) => r.version === '0006')!.started_at >= slow.finished_at!).toBe(true);
    });

    it('stamp downward is recorded as a stamp, not as reverted', async () => {
      const db = await freshDb(backend, 'hist');
      created.push(db);
      const dir = migrations();
      expect((await runCli(['upgrade', '--dir', dir, '--url', db.url])).code).toBe(0);
      const st = await runCli(['stamp', '0012', '--dir', dir, '--url', db.url]);
      expect(st.code, st.stderr).toBe(0);
      const rows: Row[] = JSON.parse(
        (await runCli(['history', '--json', '--dir', dir, '--url', db.url])).stdout,
      ).history;
      const last = rows.slice(-3);
      expect(last.map((r) => `${r.version} ${r.state}`)).toEqual([
        '0015 unstamped',
        '0014 unstamped',
        '0013 unstamped',
      ]);
      expect(rows.some((r) => r.state === 'reverted')).toBe(false);
      const text = (await runCli(['history', '--dir', dir, '--url', db.url])).stdout;
      expect(text).toMatch(/0015\s.*unstamped/);
      const status = JSON.parse((await runCli(['status', '--json', '--dir', dir, '--url', db.url])).stdout);
      expect(status.sets[0]).toMatchObject({ current: '0012', pending: ['0013', '0014', '0015'] });
    });
  });
}
