// `voipdb doctor` from the command line: the readable report and the JSON one, with the sets this
// database records found without --pack.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgrade } from '../../src/engine/index.js';
import { ominisPack } from '../../src/packs/ominis/index.js';
import { freshDb, type TestDb } from '../helpers/backends.js';
import { runCli } from './voipdb-cli.js';

describe('voipdb doctor (CLI) on sqlite', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb('sqlite', 'doctorcli');
    const c = await db.connect();
    await upgrade(c, await ominisPack.sets());
    await c.close();
  });
  afterAll(async () => db?.drop());

  it('prints tables and every recorded set', async () => {
    const r = await runCli(['--url', db.url, 'doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tables:\n/);
    expect(r.stdout).toMatch(/cdr\s+0\s+\d+ (bytes|kB)/);
    expect(r.stdout).toMatch(/freeswitch\/core\s+OK\s+0001\s+0001\s+0/);
    expect(r.stdout).toMatch(/ominis\s+OK\s+0001/);
    expect(r.stdout).toContain('note: SQLite has no server');
  });

  it('answers in JSON with --json', async () => {
    const r = await runCli(['--url', db.url, '--json', 'doctor']);
    const report = JSON.parse(r.stdout);
    expect(report.dialect).toBe('sqlite');
    expect(report.sets.map((s: { set: string }) => s.set)).toEqual([
      'freeswitch/core',
      'freeswitch/callcenter',
      'ominis',
    ]);
    expect(report.tables.find((t: { name: string }) => t.name === 'acl_entries').rows).toBe(3);
  });
});
