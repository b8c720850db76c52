// voipdb's fn_db_* PostgreSQL helpers, called as upgrade scripts and config.sql call them:
// each does its documented job and a second call changes nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { HELPERS, helperNames, helpersFor } from '../../src/packs/ovirt/helpers.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { columns, options } from './helpers.js';

const VDC = `CREATE TABLE vdc_options (
  option_id serial PRIMARY KEY,
  option_name varchar(100) NOT NULL,
  option_value varchar(4000) NOT NULL,
  version varchar(40) DEFAULT 'general' NOT NULL,
  default_value varchar(4000)
)`;

describe('which helpers voipdb installs', () => {
  it('all of them for a tree that defines none, with their support functions first', () => {
    const names = helperNames(new Set());
    expect(names.slice(0, 2).sort()).toEqual(['fn_db_column_type', 'fn_db_config_versions']);
    expect(names).toContain('fn_db_update_default_config_value');
    expect(new Set(names)).toEqual(new Set(Object.keys(HELPERS)));
  });
  it('none a tree defines itself, and no support function nobody needs', () => {
    const all = new Set(Object.keys(HELPERS).filter((n) => n !== 'fn_db_column_type' && n !== 'fn_db_config_versions'));
    expect(helperNames(all)).toEqual([]);
    expect(helperNames(new Set([...all].filter((n) => n !== 'fn_db_rename_column')))).toEqual([
      'fn_db_column_type',
      'fn_db_rename_column',
    ]);
  });
});

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

for (const backend of ['postgres', 'pglite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`fn_db_* helpers on ${backend}`, () => {
    let conn: Connection;
    beforeAll(async () => {
      const db = await freshDb(backend, 'ovh');
      created.push(db);
      conn = await db.connect();
      await conn.exec(helpersFor(new Set()));
      await conn.exec(VDC);
      await conn.exec(
        `CREATE TABLE users (id int PRIMARY KEY, age int2, name varchar(20), score numeric(18,2), active boolean, note text)`,
      );
      await conn.exec(`INSERT INTO users VALUES (1, 30, 'a', 1.25, NULL, NULL), (2, NULL, NULL, 2.5, true, 'x')`);
    });
    afterAll(async () => {
      await conn?.close();
    });
    const twice = async (sql: string) => {
      await conn.exec(sql);
      await conn.exec(sql);
    };
    const col = async (table: string, name: string) => (await columns(conn, table)).find((c) => c.column_name === name);

    it('fn_db_add_column / fn_db_drop_column', async () => {
      await twice(`select fn_db_add_column('users', 'group_ids', 'VARCHAR(2048)')`);
      expect(await col('users', 'group_ids')).toMatchObject({
        data_type: 'character varying',
        character_maximum_length: 2048,
      });
      await twice(`select fn_db_drop_column('users', 'group_ids')`);
      expect(await col('users', 'group_ids')).toBeUndefined();
    });

    it('fn_db_change_column_type: only while the column has the expected type; NOT NULL and DEFAULT in the new spelling; decimal scale', async () => {
      await twice(`select fn_db_change_column_type('users', 'age', 'int2', 'int4 not null default 0')`);
      expect(await col('users', 'age')).toMatchObject({ data_type: 'integer', is_nullable: 'NO', column_default: '0' });
      // no longer int2: the call does nothing (the column stays integer, not varchar)
      await conn.exec(`select fn_db_change_column_type('users', 'age', 'int2', 'varchar(10)')`);
      expect(await col('users', 'age')).toMatchObject({ data_type: 'integer' });
      await conn.exec(`select fn_db_change_column_type('users', 'name', 'varchar', 'varchar(50)')`);
      expect(await col('users', 'name')).toMatchObject({ character_maximum_length: 50 });
      await twice(`select fn_db_change_column_type('users', 'score', 18, 2, 'decimal(18,3)')`);
      expect(
        await conn.query(
          `SELECT numeric_scale::int AS s FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'score'`,
        ),
      ).toEqual([{ s: 3 }]);
      expect(await conn.query(`SELECT score::text AS v FROM users ORDER BY id`)).toEqual([
        { v: '1.250' },
        { v: '2.500' },
      ]);
    });

    it('fn_db_change_column_null: NULLs get the type zero first; allowing NULL again', async () => {
      await twice(`select fn_db_change_column_null('users', 'active', false)`);
      await twice(`select fn_db_change_column_null('users', 'note', false, 'text')`);
      expect(await conn.query(`SELECT active, note FROM users ORDER BY id`)).toEqual([
        { active: false, note: '' },
        { active: true, note: 'x' },
      ]);
      expect(await col('users', 'active')).toMatchObject({ is_nullable: 'NO' });
      await conn.exec(`select fn_db_change_column_null('users', 'note', true)`);
      expect(await col('users', 'note')).toMatchObject({ is_nullable: 'YES' });
      await expect(conn.exec(`select fn_db_change_column_null('users', 'nope', false)`)).rejects.toThrow(
        /no zero value known/,
      );
    });

    it('fn_db_rename_column / fn_db_rename_table are re-entrant', async () => {
      await conn.exec(`CREATE TABLE old_calls (id int, descr text)`);
      await twice(`select fn_db_rename_column('old_calls', 'descr', 'description')`);
      await twice(`select fn_db_rename_table('old_calls', 'calls')`);
      expect((await columns(conn, 'calls')).map((c) => c.column_name)).toEqual(['id', 'description']);
    });

    it('fn_db_create_index / fn_db_drop_index / fn_db_create_constraint / fn_db_drop_constraint', async () => {
      await twice(`select fn_db_create_index('idx_users_name', 'users', 'name', 'name IS NOT NULL', false)`);
      expect(await conn.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_users_name'`)).toEqual([
        { indexdef: expect.stringMatching(/\(name\) WHERE \(name IS NOT NULL\)/) },
      ]);
      await twice(`select fn_db_drop_index('idx_users_name')`);
      expect(await conn.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'idx_users_name'`)).toEqual([]);
      await twice(`select fn_db_create_constraint('users', 'ck_users_age', 'CHECK (age >= 0)')`);
      await expect(conn.exec(`INSERT INTO users (id, age, active) VALUES (3, -1, true)`)).rejects.toThrow(
        /ck_users_age/,
      );
      await twice(`select fn_db_drop_constraint('users', 'ck_users_age')`);
      expect(await conn.query(`SELECT 1 FROM pg_constraint WHERE conname = 'ck_users_age'`)).toEqual([]);
    });

    it('config: add, update, delete, rename, split — each re-entrant', async () => {
      await twice(`select fn_db_add_config_value('VdcVersion', '3.0.0.0', 'general')`);
      await conn.exec(
        `INSERT INTO vdc_options (option_name, option_value, version) VALUES ('OldNoDefault', 'v', 'general')`,
      );
      await twice(`select fn_db_add_config_value('OldNoDefault', 'w', 'general')`);
      await conn.exec(
        `INSERT INTO vdc_options (option_name, option_value, version, default_value) VALUES ('DBEngine', 'Mysql', 'general', 'Mysql'), ('ENMailEnableSsl', 'true', 'general', 'true'), ('ENMailEnableSsl', 'true', '1.0', 'true')`,
      );
      await twice(`select fn_db_update_config_value('DBEngine', 'Postgres', 'general')`);
      await twice(`select fn_db_delete_config_value('ENMailEnableSsl', 'general,1.0')`);
      await twice(`select fn_db_rename_config_key('VdcVersion', 'EngineVersion', 'general')`);
      // cluster levels the table knows: 1.0 and 1.1
      await conn.exec(
        `INSERT INTO vdc_options (option_name, option_value, version, default_value) VALUES ('EnableVideo', 'false', '1.0', 'false'), ('EnableVideo', 'true', '1.1', 'true')`,
      );
      await twice(`select fn_db_add_config_value('SpiceSecureChannels', 'smain', 'general')`);
      await twice(`select fn_db_split_config_value('SpiceSecureChannels', 'all')`);
      await twice(`select fn_db_add_config_value('SrtpMode', 'optional', 'general')`);
      await twice(`select fn_db_split_config_value('SrtpMode', 'optional', 'required', '1.1')`);
      expect(await options(conn)).toEqual([
        'DBEngine@general=Postgres (default Postgres)',
        'EnableVideo@1.0=false (default false)',
        'EnableVideo@1.1=true (default true)',
        'EngineVersion@general=3.0.0.0 (default 3.0.0.0)',
        'OldNoDefault@general=v (default w)',
        'SpiceSecureChannels@1.0=smain (default smain)',
        'SpiceSecureChannels@1.1=all (default all)',
        'SrtpMode@1.0=optional (default optional)',
        'SrtpMode@1.1=required (default required)',
      ]);
    });

    it("fn_db_update_default_config_value: the document's u1/u2 example — u2 fails loudly, its fixed call succeeds, re-runs change nothing", async () => {
      await conn.exec(`select fn_db_add_config_value('X', 'a,b,c', 'general')`);
      const u1 = `select fn_db_update_default_config_value('X', 'a,b,c', 'a,b,c,d', 'general', false)`;
      const u2 = `select fn_db_update_default_config_value('X', 'a,b,c', 'a,b,c,e', 'general', false)`;
      await conn.exec(u1);
      expect((await options(conn)).filter((o) => o.startsWith('X@'))).toEqual(['X@general=a,b,c,d (default a,b,c,d)']);
      await expect(conn.exec(u2)).rejects.toThrow(
        /another script already moved the default of X \(version general\) from "a,b,c" to "a,b,c,d"; it is now "a,b,c,d"/,
      );
      expect((await options(conn)).filter((o) => o.startsWith('X@'))).toEqual(['X@general=a,b,c,d (default a,b,c,d)']);
      // u2 rewritten as the document says: from the current default
      const u2fixed = `select fn_db_update_default_config_value('X', 'a,b,c,d', 'a,b,c,d,e', 'general')`;
      await conn.exec(u2fixed);
      // config.sql runs on every upgrade: the whole chain again changes nothing
      await conn.exec(`${u1}; ${u2fixed}`);
      expect((await options(conn)).filter((o) => o.startsWith('X@'))).toEqual([
        'X@general=a,b,c,d,e (default a,b,c,d,e)',
      ]);
    });

    it('fn_db_update_default_config_value keeps a value the admin changed, moves the default, honours ignore-case', async () => {
      await conn.exec(`select fn_db_add_config_value('LDAPSecurityAuthentication', 'GSSAPI', 'general')`);
      await conn.exec(`select fn_db_add_config_value('Timeout', '30', 'general')`);
      await conn.exec(`UPDATE vdc_options SET option_value = '45' WHERE option_name = 'Timeout'`);
      await twice(
        `select fn_db_update_default_config_value('LDAPSecurityAuthentication', 'gssapi', 'default:GSSAPI', 'general', true)`,
      );
      await twice(`select fn_db_update_default_config_value('Timeout', '30', '60', 'general', false)`);
      const opts = await options(conn);
      expect(opts).toContain('LDAPSecurityAuthentication@general=default:GSSAPI (default default:GSSAPI)');
      expect(opts).toContain('Timeout@general=45 (default 60)');
      // a missing option is left alone (its add section adds it)
      await conn.exec(`select fn_db_update_default_config_value('Nope', 'a', 'b')`);
    });
  });
}
