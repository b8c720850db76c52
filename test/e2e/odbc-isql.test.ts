// With Debian's unixodbc, odbc-postgresql and odbc-mariadb: the odbc.ini / odbcinst.ini voipdb
// writes let unixODBC's isql connect — as the FreeSWITCH role `voipdb grants` created, with the
// password only in odbc.ini — and SELECT count(*) FROM agents.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import type { Connection } from '../../src/db/connection.js';
import { parseTarget } from '../../src/db/url.js';
import { upgrade } from '../../src/engine/index.js';
import { applyGrants, passwordEnvName } from '../../src/ops/grants.js';
import { odbcConfig, writeOdbcFiles } from '../../src/ops/odbc.js';
import { ominisPack } from '../../src/packs/ominis/index.js';
import {
  available,
  freshDb,
  MYSQL_ADMIN_URL,
  PG_ADMIN_URL,
  uniqueName,
  type BackendName,
  type TestDb,
} from '../helpers/backends.js';

const isql = ['/usr/bin/isql', '/usr/local/bin/isql'].find((p) => existsSync(p));
if (!isql)
  console.warn('[voipdb tests] isql (Debian package unixodbc) is absent: the ODBC end-to-end tests are skipped');

function runIsql(dir: string, dsn: string, sql: string) {
  return spawnSync(isql!, ['-b', '-v', dsn], {
    input: sql + '\n',
    encoding: 'utf8',
    env: { ...process.env, ODBCINI: join(dir, 'odbc.ini'), ODBCSYSINI: dir },
    timeout: 60_000,
  });
}

for (const backend of ['postgres', 'mariadb'] as BackendName[]) {
  describe.skipIf(!isql || !(await available(backend)))(`odbc.ini with isql on ${backend}`, () => {
    let db: TestDb;
    let conn: Connection;
    const fsRole = uniqueName('vt_fs').slice(0, 24);
    const fsPassword = 'odbc-' + uniqueName('pw');
    const names = { api: `${fsRole}_api`, freeswitch: fsRole, analytics: `${fsRole}_an` };

    beforeAll(async () => {
      db = await freshDb(backend, 'odbc');
      conn = await db.connect();
      await upgrade(conn, await ominisPack.sets());
      await conn.execute(
        "INSERT INTO agents (name, type, contact, status, state) VALUES ('agent-1', 'callback', 'user/1001', 'Available', 'Waiting')",
      );
      await conn.execute(
        "INSERT INTO agents (name, type, contact, status, state) VALUES ('agent-2', 'callback', 'user/1002', 'On Break', 'Waiting')",
      );
      const env = Object.fromEntries(
        Object.values(names).map((r) => [passwordEnvName(r), r === fsRole ? fsPassword : 'x-' + r]),
      );
      await applyGrants(conn, ominisPack, names, { env });
    });
    afterAll(async () => {
      await conn?.close();
      await db?.drop();
      const a = await connect(parseTarget(backend === 'postgres' ? PG_ADMIN_URL : MYSQL_ADMIN_URL));
      for (const r of Object.values(names))
        await a
          .exec(backend === 'postgres' ? `DROP ROLE IF EXISTS ${r}` : `DROP USER IF EXISTS '${r}'@'%'`)
          .catch(() => {});
      await a.close();
    });

    it('connects with the admin login of the target and counts the agents', () => {
      const dir = mkdtempSync(join(tmpdir(), 'voipdb-odbc-'));
      const config = odbcConfig(
        { ...db.target, host: '127.0.0.1' },
        { dsn: 'callcenter', password: db.target.password },
      );
      writeOdbcFiles(dir, config);
      const r = runIsql(dir, 'callcenter', 'SELECT count(*) FROM agents');
      expect(r.stderr + r.stdout, 'isql output').toMatch(/^\|?\s*2\s*\|?\s*$/m);
      expect(r.status).toBe(0);
    });

    it('connects as the FreeSWITCH role with the password from odbc.ini only', () => {
      const dir = mkdtempSync(join(tmpdir(), 'voipdb-odbc-'));
      const config = odbcConfig(
        { ...db.target, host: '127.0.0.1' },
        { dsn: 'fs_callcenter', user: fsRole, password: fsPassword },
      );
      writeOdbcFiles(dir, config);
      const r = runIsql(dir, 'fs_callcenter', 'SELECT count(*) FROM agents');
      expect(r.stderr + r.stdout, 'isql output').toMatch(/^\|?\s*2\s*\|?\s*$/m);
      expect(r.status).toBe(0);
      // and the role cannot read what FreeSWITCH does not need
      const denied = runIsql(dir, 'fs_callcenter', 'SELECT count(*) FROM extensions');
      expect(denied.stdout + denied.stderr).toMatch(/denied/i);
    });

    it.runIf(backend === 'mariadb')(
      'fails to connect with a wrong password in odbc.ini (the password is really used)',
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'voipdb-odbc-'));
        writeOdbcFiles(
          dir,
          odbcConfig({ ...db.target, host: '127.0.0.1' }, { dsn: 'bad', user: fsRole, password: 'wrong' }),
        );
        const r = runIsql(dir, 'bad', 'SELECT 1');
        expect(r.status).not.toBe(0);
        expect(r.stdout + r.stderr).toMatch(/denied/i);
      },
    );
  });
}
