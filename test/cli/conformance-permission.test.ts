// Exit 12 through bin/voipdb.js (issue 22 defects 10 and 14): a role whose login works but that
// lacks a privilege gets "permission", a hint naming the grant — not "internal error" nor a
// hint blaming the password — and running that grant resolves it.

import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { MYSQL_ADMIN_URL, available, freshDb, uniqueName, type TestDb } from '../helpers/backends.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';

const dbs: TestDb[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
  for (const d of dbs) await d.drop();
});

describe.skipIf(!(await available('postgres')))('PostgreSQL: a role without grants', () => {
  it('exit 12 naming the grant; the grant it names resolves it; CREATE DATABASE denied is 12 too', async () => {
    ensureBuilt();
    const db = await freshDb('postgres', 'cfperm');
    dbs.push(db);
    const role = uniqueName('cfrole');
    const admin = await db.connect();
    cleanups.push(async () => {
      const a = await connect(parseTarget(db.url.replace(/\/[^/]*$/, '/postgres')));
      await a.exec(`DROP ROLE IF EXISTS "${role}"`).catch(() => {});
      await a.close();
    });
    const init = await runCli(['init', '--url', db.url, '--pack', 'asterisk', '-s', 'cdr']);
    expect(init.code, init.stderr).toBe(0);
    await admin.exec(`CREATE ROLE "${role}" LOGIN; GRANT USAGE ON SCHEMA public TO "${role}"`);
    const asRole = db.url.replace(/\/\/[^@/]*@/, `//${role}@`);
    const r = await runCli(['check', '--url', asRole, '--pack', 'asterisk', '-s', 'cdr']);
    expect(r.code, r.stderr).toBe(ExitCode.permission);
    expect(r.stderr).toMatch(/permission denied/);
    expect(r.stderr).toContain(`TO "${role}"`);
    expect(r.stderr).not.toMatch(/password|report/);
    // The hint's grant, given as an administrator (on the tables voipdb reads), resolves it.
    await admin.exec(`GRANT ALL ON ALL TABLES IN SCHEMA public TO "${role}"; GRANT ALL ON SCHEMA public TO "${role}"`);
    await admin.close();
    const after = await runCli(['check', '--url', asRole, '--pack', 'asterisk', '-s', 'cdr']);
    expect(after.code, after.stdout + after.stderr).toBe(0);

    const create = await runCli([
      'init',
      '--create-database',
      '--url',
      asRole.replace(/\/[^/]*$/, `/${uniqueName('cfno')}`),
      '--pack',
      'asterisk',
      '-s',
      'cdr',
    ]);
    expect(create.code, create.stderr).toBe(ExitCode.permission);
    expect(create.stderr).toContain('permission denied to create database');
    expect(create.stderr).toContain('CREATEDB');
  }, 240_000);
});

describe.skipIf(!(await available('mariadb')))(
  'MariaDB: a user whose login works but has no grant on the database',
  () => {
    it('exit 12 with the GRANT, not a hint blaming the password (defect 14)', async () => {
      ensureBuilt();
      const db = await freshDb('mariadb', 'cfperm');
      dbs.push(db);
      const user = uniqueName('cfu').slice(0, 30);
      const admin = await connect(parseTarget(MYSQL_ADMIN_URL));
      await admin.exec(`CREATE USER '${user}'@'%'`);
      cleanups.push(async () => {
        const a = await connect(parseTarget(MYSQL_ADMIN_URL));
        await a.exec(`DROP USER IF EXISTS '${user}'@'%'`);
        await a.close();
      });
      const asUser = db.url.replace(/\/\/[^@/]*@/, `//${user}@`);
      const r = await runCli(['check', '--url', asUser, '--pack', 'asterisk', '-s', 'cdr']);
      expect(r.code, r.stderr).toBe(ExitCode.permission);
      expect(r.stderr).toContain(`GRANT ALL ON ${db.target.database}.* TO "${user}"`);
      expect(r.stderr).not.toMatch(/password/);
      await admin.exec(`GRANT ALL ON \`${db.target.database}\`.* TO '${user}'@'%'`);
      await admin.close();
      const init = await runCli(['init', '--url', asUser, '--pack', 'asterisk', '-s', 'cdr']);
      expect(init.code, init.stderr).toBe(0);
    }, 240_000);
  },
);
