// A new embedded database (pglite:<dir>) is unpacked from the snapshot of a fresh data directory
// instead of running initdb: it holds what PGlite's own initdb makes, and a directory an
// interrupted unpack left behind is unpacked again on the next run.

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseSnapshot, unpackSnapshot } from '../../src/db/drivers/pglite-snapshot.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'voipdb-pglite-new-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file and directory under `root`, runtime files aside. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (['postmaster.pid', '.voipdb.lock'].includes(e.name)) continue;
      out.push(relative(root, p));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out.sort();
}

describe('a new embedded database', () => {
  it('holds the files PGlite’s own initdb makes', async () => {
    const initdb = join(dir, 'initdb');
    await (await PGlite.create(initdb)).close();
    const unpacked = join(dir, 'unpacked');
    unpackSnapshot(await baseSnapshot(PGlite), unpacked);
    expect(tree(unpacked)).toEqual(tree(initdb));
    // With PostgreSQL's own modes, as the snapshot recorded them: nobody else reads the data.
    expect(statSync(join(unpacked, 'global/pg_control')).mode & 0o077).toBe(0);
  }, 60_000);

  it('init on a new directory, then check: exit 0, up to date', async () => {
    const url = `pglite:${join(dir, 'new')}`;
    const init = await runCli(['init', '--pack', 'asterisk', '--url', url]);
    expect(init.code, init.stderr).toBe(0);
    const check = await runCli(['check', '--pack', 'asterisk', '--url', url]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('all sets up to date');
  }, 60_000);

  it('a directory an interrupted unpack left (no PG_VERSION yet) is unpacked again and works', async () => {
    const path = join(dir, 'interrupted');
    unpackSnapshot(await baseSnapshot(PGlite), path);
    rmSync(join(path, 'PG_VERSION'));
    rmSync(join(path, 'global'), { recursive: true });
    const init = await runCli(['init', '--pack', 'asterisk', '--set', 'cdr', '--url', `pglite:${path}`]);
    expect(init.code, init.stderr).toBe(0);
    const status = await runCli(['status', '--pack', 'asterisk', '--set', 'cdr', '--url', `pglite:${path}`]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/asterisk\/cdr\s+OK/);
  }, 60_000);
});
