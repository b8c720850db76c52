// `voipdb grants` from the command line: the review script for a pack without a connection, and
// --apply on PostgreSQL with passwords from the environment, never printed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { upgrade } from '../../src/engine/index.js';
import { passwordEnvName } from '../../src/ops/grants.js';
import { ominisPack } from '../../src/packs/ominis/index.js';
import { available, freshDb, PG_ADMIN_URL, uniqueName, type TestDb } from '../helpers/backends.js';
import { runCli } from './voipdb-cli.js';

describe('voipdb grants (CLI)', () => {
  it('prints the review script for MySQL without connecting', async () => {
    const r = await runCli([
      '--url',
      'mysql://root@nowhere.invalid/callcenter',
      'grants',
      '--pack',
      'ominis',
      '--role',
      'freeswitch=fs_node1',
      '--host',
      '10.42.%',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("GRANT INSERT ON `callcenter`.`cdr` TO 'fs_node1'@'10.42.%';");
    expect(r.stdout).toContain('VOIPDB_PASSWORD_FS_NODE1');
  });
});

describe.skipIf(!(await available('postgres')))('voipdb grants --apply (CLI) on postgres', () => {
  let db: TestDb;
  const role = uniqueName('vt_cli').slice(0, 20);
  const roles = { api: `${role}_api`, freeswitch: `${role}_fs`, analytics: `${role}_an` };
  beforeAll(async () => {
    db = await freshDb('postgres', 'grantscli');
    const c = await db.connect();
    await upgrade(c, await ominisPack.sets());
    await c.close();
  });
  afterAll(async () => {
    await db?.drop();
    const a = await connect(parseTarget(PG_ADMIN_URL));
    for (const r of Object.values(roles)) await a.exec(`DROP ROLE IF EXISTS ${r}`).catch(() => {});
    await a.close();
  });

  it('applies with passwords from the environment and prints none', async () => {
    for (const [i, r] of Object.values(roles).entries()) process.env[passwordEnvName(r)] = `Cli-Secret-${i}`;
    try {
      const r = await runCli([
        '--url',
        db.url,
        'grants',
        '--apply',
        ...Object.entries(roles).flatMap(([k, v]) => ['--role', `${k}=${v}`]),
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(roles.freeswitch);
      expect(r.stdout + r.stderr).not.toMatch(/Cli-Secret/);
      const c = await connect({ ...db.target, user: roles.analytics, password: 'Cli-Secret-2' });
      await c.query('SELECT count(*) FROM cdr');
      await expect(c.execute("INSERT INTO cdr (uuid) VALUES ('x')")).rejects.toThrow(/denied/);
      await c.close();
    } finally {
      for (const r of Object.values(roles)) delete process.env[passwordEnvName(r)];
    }
  });
});
