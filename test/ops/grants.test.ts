// `voipdb grants` with the ominis pack: the review script never shows a password; applied (twice),
// the analytics role reads cdr and cannot write it, the FreeSWITCH role writes agents and cannot
// drop or create a table, the API role writes the configuration tables (SERIAL ids included)
// and only reads FreeSWITCH's core state. On PostgreSQL and MariaDB, logging in as each role.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import type { Connection } from '../../src/db/connection.js';
import { parseTarget } from '../../src/db/url.js';
import { upgrade } from '../../src/engine/index.js';
import { applyGrants, grantsScript, passwordEnvName, reviewGrants } from '../../src/ops/grants.js';
import { ominisPack } from '../../src/packs/ominis/index.js';
import { VoipdbError } from '../../src/core/errors.js';
import {
  available,
  freshDb,
  MYSQL_ADMIN_URL,
  PG_ADMIN_URL,
  uniqueName,
  type BackendName,
  type TestDb,
} from '../helpers/backends.js';

const servers: BackendName[] = ['postgres', 'mariadb'];

describe('grants review (no server)', () => {
  it('prints every role and grant, and no password even when one is known', () => {
    const target = parseTarget('postgresql://admin@db.example/callcenter');
    const roles = reviewGrants(ominisPack, 'postgres', target, { 'password.freeswitch_user': 'S3cret-never-shown' });
    const script = grantsScript(ominisPack, roles, 'postgres');
    expect(roles.map((r) => r.role)).toEqual(['callcenter_user', 'freeswitch_user', 'analytics_user']);
    expect(script).not.toContain('S3cret-never-shown');
    expect(script).toContain('GRANT INSERT ON "cdr" TO "freeswitch_user";');
    expect(script).toContain('GRANT SELECT ON "cdr" TO "analytics_user";');
    expect(script).not.toMatch(/PASSWORD '/);
    expect(script).toContain(`password: ${passwordEnvName('freeswitch_user')}`);
    expect(script).not.toMatch(/GRANT [A-Z, ]*(INSERT|UPDATE|DELETE)[A-Z, ]* ON "\w+" TO "analytics_user"/);
  });

  it('spells MySQL accounts on the target database', () => {
    const roles = reviewGrants(ominisPack, 'mysql', parseTarget('mysql://root@db/callcenter'), { host: '10.42.%' });
    const fs = roles.find((r) => r.role === 'freeswitch_user')!;
    expect(fs.statements).toContain("CREATE USER IF NOT EXISTS 'freeswitch_user'@'10.42.%'");
    expect(fs.statements).toContain(
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `callcenter`.`agents` TO 'freeswitch_user'@'10.42.%'",
    );
  });

  it('refuses SQLite, which has no roles, with the next step', () => {
    expect(() => reviewGrants(ominisPack, 'sqlite', parseTarget('sqlite:/tmp/x.db'))).toThrow(/no roles or grants/);
  });
});

for (const backend of servers) {
  describe.skipIf(!(await available(backend)))(`grants applied on ${backend}`, () => {
    let db: TestDb;
    let admin: Connection;
    const suffix = uniqueName('g').slice(-6);
    const names = { api: `vt_api_${suffix}`, freeswitch: `vt_fs_${suffix}`, analytics: `vt_an_${suffix}` };
    const env = {
      [passwordEnvName(names.api)]: 'api-pass-1',
      [passwordEnvName(names.freeswitch)]: 'fs-pass-2',
      [passwordEnvName(names.analytics)]: 'an-pass-3',
    };
    const as = async (role: string, password: string) =>
      connect({ ...db.target, user: role, password, display: `${backend} as ${role}` });

    beforeAll(async () => {
      db = await freshDb(backend, 'grants');
      admin = await db.connect();
      await upgrade(admin, await ominisPack.sets());
    });
    afterAll(async () => {
      await admin?.close();
      await db?.drop();
      const a = await connect(parseTarget(backend === 'postgres' ? PG_ADMIN_URL : MYSQL_ADMIN_URL));
      for (const role of Object.values(names)) {
        await a
          .exec(backend === 'postgres' ? `DROP ROLE IF EXISTS ${role}` : `DROP USER IF EXISTS '${role}'@'%'`)
          .catch(() => {});
      }
      await a.close();
    });

    it('names the missing passwords instead of creating open logins', async () => {
      const err = await applyGrants(admin, ominisPack, names, { env: {} }).catch((e) => e);
      expect(err).toBeInstanceOf(VoipdbError);
      expect(err.message).toContain(names.freeswitch);
      expect(err.hint).toContain(passwordEnvName(names.analytics));
    });

    it('applies, and applies again without error', async () => {
      const first = await applyGrants(admin, ominisPack, names, { env });
      expect(first.roles.map((r) => r.role)).toEqual([names.api, names.freeswitch, names.analytics]);
      await applyGrants(admin, ominisPack, names, { env });
    });

    it('lets analytics read cdr and not write it', async () => {
      const c = await as(names.analytics, 'an-pass-3');
      try {
        await c.query('SELECT count(*) AS n FROM cdr');
        await c.query('SELECT * FROM detailed_calls');
        await expect(c.execute("INSERT INTO cdr (uuid) VALUES ('x')")).rejects.toThrow(/denied/i);
        await expect(c.execute('DELETE FROM cdr')).rejects.toThrow(/denied/i);
        await expect(c.query('SELECT * FROM extensions')).rejects.toThrow(/denied/i);
      } finally {
        await c.close();
      }
    });

    it('lets FreeSWITCH write agents and cdr, and not drop or create a table', async () => {
      const c = await as(names.freeswitch, 'fs-pass-2');
      try {
        await c.execute(
          "INSERT INTO agents (name, type, contact, status, state) VALUES ('agent-10720', 'callback', 'sofia/gateway/registrar/agent-10720', 'Available', 'Waiting')",
        );
        await c.execute("UPDATE agents SET status = 'On Break' WHERE name = 'agent-10720'");
        await c.execute("INSERT INTO channels (uuid, hostname) VALUES ('u1', 'fs1')");
        await c.execute("INSERT INTO cdr (uuid, hangup_cause) VALUES ('call-1', 'NORMAL_CLEARING')");
        await expect(c.exec('DROP TABLE channels')).rejects.toThrow(/denied|must be owner/i);
        await expect(c.exec('DROP TABLE agents')).rejects.toThrow(/denied|must be owner/i);
        await expect(c.exec('CREATE TABLE sneaky (x INTEGER)')).rejects.toThrow(/denied/i);
        await expect(c.query('SELECT * FROM extensions')).rejects.toThrow(/denied/i);
        await expect(c.query('SELECT * FROM cdr')).rejects.toThrow(/denied/i);
      } finally {
        await c.close();
      }
    });

    it('lets the API write configuration (SERIAL ids) and only read core state', async () => {
      const c = await as(names.api, 'api-pass-1');
      try {
        await c.execute("INSERT INTO ivrs (name, openai_api_key) VALUES ('support', 'sk-test')");
        await c.execute(
          "INSERT INTO ivr_menus (ivr_name, menu_id, prompt_text) VALUES ('support', 'main_menu', 'Hello')",
        );
        await c.execute("INSERT INTO acl_entries (cidr) VALUES ('192.0.2.0/24')");
        await c.query('SELECT * FROM channels');
        await expect(c.execute("INSERT INTO channels (uuid) VALUES ('x')")).rejects.toThrow(/denied/i);
      } finally {
        await c.close();
      }
    });
  });
}
