// XiVO 14.08 as its own tools built it (test/fixtures/xivo, made by scripts/xivo-tools.py), against
// what `voipdb` builds through the command line: a fresh `init` (xivo-init-db --init), a 14.07
// database upgraded (xivo-update-db: the remaining numbered scripts, the merge, the alembic
// chain), a database XiVO's tools made (adopted with nothing to run), and a database voipdb's
// earlier upgrade left at the unreleased revision 2976d63a6966 (put back by upgrade / repair).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { available, freshDb, PG_ADMIN_URL, uniqueName, type BackendName, type TestDb } from '../helpers/backends.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { diffCatalogs, readCatalog, type XivoCatalog } from './catalog.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/xivo');
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
const INIT = fixture<{ catalog: XivoCatalog }>('reference-init-14.08.json').catalog;
const UPGRADE = fixture<{ catalog: XivoCatalog }>('reference-upgrade-14.08.json').catalog;
const TOOLS = fixture<{ stamp: string[]; createAll: string[]; populate: string }>('tools-14.08.json');
const LEGACY = fixture<{
  state: Record<string, string>;
  databases: Record<string, string>;
  migration: Record<string, string>;
}>('legacy-14.07.json');

async function catalogOf(db: TestDb): Promise<XivoCatalog> {
  const conn = await db.connect();
  try {
    return await readCatalog(conn);
  } finally {
    await conn.close();
  }
}

async function run(db: TestDb, sql: string): Promise<void> {
  const conn = await db.connect();
  try {
    await conn.exec(sql);
  } finally {
    await conn.close();
  }
}

const voipdb = (db: TestDb, ...args: string[]) => runCli(['--url', db.url, '--pack', 'xivo', ...args]);

/** What xivo-init-db did, statement for statement: alembic stamp head, create_all, pg-populate-db. */
const XIVO_TOOLS_SQL =
  [...TOOLS.stamp, ...TOOLS.createAll].join(';\n') +
  ';\n' +
  TOOLS.populate.replace(/ OWNER TO asterisk;/g, ' OWNER TO CURRENT_USER;');

const backends: BackendName[] = ['postgres', 'pglite'];

beforeAll(() => ensureBuilt(), 300_000);

for (const b of backends) {
  describe.skipIf(!(await available(b)))(`XiVO 14.08 on ${b}`, () => {
    const dbs: TestDb[] = [];
    const fresh = async (prefix: string) => {
      const db = await freshDb(b, prefix);
      dbs.push(db);
      return db;
    };
    afterAll(async () => {
      for (const d of dbs) await d.drop();
    });

    it('init builds what xivo-init-db --init built; a second init has nothing to do', async () => {
      const db = await fresh('vt_xinit');
      const r = await voipdb(db, 'init');
      expect(r.code, r.stderr).toBe(0);
      expect(diffCatalogs(INIT, await catalogOf(db))).toEqual([]);
      const again = await voipdb(db, 'init');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^up to date — nothing to do/);
      const check = await voipdb(db, 'check');
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout + check.stderr).toContain('Checking database...\n\tOK');
    });

    it.skipIf(b !== 'postgres')(
      'init --create-database makes the role and gives it the database, as pg-init-db',
      async () => {
        const name = uniqueName('vt_xrole');
        const role = `${name}_owner`;
        const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
        const env = { [`VOIPDB_PASSWORD_${role.toUpperCase()}`]: 'proformatique-test' };
        const admin = await connect(parseTarget(PG_ADMIN_URL));
        try {
          const nopw = await runCli([
            '--url',
            url,
            '--pack',
            'xivo',
            '--option',
            `role=${role}`,
            'init',
            '--create-database',
          ]);
          expect(nopw.code).toBe(2);
          expect(nopw.stderr).toContain(`VOIPDB_PASSWORD_${role.toUpperCase()}`);
          const r = await runCli(
            ['--url', url, '--pack', 'xivo', '--option', `role=${role}`, 'init', '--create-database'],
            { env },
          );
          expect(r.code, r.stderr).toBe(0);
          expect(r.stdout + r.stderr).not.toContain('proformatique-test');
          const [db] = await admin.query<{ owner: string; enc: string }>(
            'SELECT pg_get_userbyid(datdba) AS owner, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = ?',
            [name],
          );
          expect(db).toEqual({ owner: role, enc: 'UTF8' });
          const [login] = await admin.query<{ l: boolean }>('SELECT rolcanlogin AS l FROM pg_roles WHERE rolname = ?', [
            role,
          ]);
          expect(login!.l).toBe(true);
          const conn = await connect(parseTarget(url));
          const owners = await conn.query<{ o: string }>(
            `SELECT DISTINCT pg_get_userbyid(relowner) AS o FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') AND c.relname NOT LIKE 'voipdb%'
           UNION SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
          );
          expect(owners.map((o) => o.o)).toEqual([role]);
          expect(diffCatalogs(INIT, await readCatalog(conn))).toEqual([]);
          await conn.close();
        } finally {
          await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await admin.exec(`DROP ROLE IF EXISTS "${role}"`);
          await admin.close();
        }
      },
    );

    it("adopts a database XiVO's own tools made, with nothing to run", async () => {
      const db = await fresh('vt_xadopt');
      await run(db, XIVO_TOOLS_SQL);
      const before = await catalogOf(db);
      const check = await voipdb(db, 'check');
      expect(check.code, check.stdout + check.stderr).toBe(0);
      const r = await voipdb(db, 'upgrade', '--json');
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { applied: unknown[] }).applied).toEqual([]);
      expect(diffCatalogs(before, await catalogOf(db))).toEqual([]);
      expect(diffCatalogs(INIT, before)).toEqual([]);
    });

    it('puts back what the unreleased revision 2976d63a6966 removed', async () => {
      const db = await fresh('vt_xretired');
      expect((await voipdb(db, 'init')).code).toBe(0);
      // As voipdb's earlier upgrade left it: four tables dropped, the revision recorded.
      await run(
        db,
        `DROP TABLE ctilog; DROP TABLE stats_conf_user; DROP TABLE stats_conf_group; DROP TABLE stats_conf_incall;
         UPDATE alembic_version SET version_num = '2976d63a6966';
         INSERT INTO voipdb_history (set_name, version, description, kind, script, checksum, installed_by, started_at,
                                     finished_at, state, statements_done)
         VALUES ('xivo', '2976d63a6966', 'remove unused tables', 'versioned', '2976d63a6966_remove_unused_tables.py', 'x',
                 'voipdb', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'applied', 4)`,
      );
      const check = await voipdb(db, 'check');
      expect(check.code).toBe(1);
      expect(check.stdout + check.stderr).toMatch(/2976d63a6966/);
      const r = await voipdb(db, b === 'postgres' ? 'upgrade' : 'repair');
      expect(r.code, r.stderr).toBe(0);
      if (b !== 'postgres')
        expect(r.stdout).toContain('xivo: 2976d63a6966_remove_unused_tables.py undone (no release has it)');
      expect(diffCatalogs(INIT, await catalogOf(db))).toEqual([]);
      const conn = await db.connect();
      const rows = await conn.query<{ version: string; state: string }>(
        "SELECT version, state FROM voipdb_history WHERE set_name = 'xivo' ORDER BY id",
      );
      await conn.close();
      expect(rows.at(-1)).toEqual({ version: '2976d63a6966', state: 'reverted' });
      expect((await voipdb(db, 'check')).code).toBe(0);
    });

    it.skipIf(b !== 'postgres')('upgrades a 14.07 install to what xivo-update-db 14.08 made of it', async () => {
      const ast = await fresh('vt_x07a');
      const xivo = await freshDb(b, 'vt_x07x'); // dropped by the merge
      // XiVO's scripts grant to the role its installation made (pg-init-db); it outlives this test.
      await run(ast, 'DO $$ BEGIN CREATE ROLE asterisk LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$');
      // pg_dump's SQL functions name tables it creates later.
      await run(ast, 'SET check_function_bodies = false;\n' + LEGACY.databases.asterisk!);
      await run(xivo, 'SET check_function_bodies = false;\n' + LEGACY.databases.xivo!);
      const dir = mkdtempSync(join(tmpdir(), 'voipdb-xivo07-'));
      const state = join(dir, 'update-db');
      const mig = join(dir, 'migration');
      mkdirSync(state);
      mkdirSync(mig);
      for (const [f, v] of Object.entries(LEGACY.state)) writeFileSync(join(state, f), v + '\n');
      for (const [f, text] of Object.entries(LEGACY.migration)) writeFileSync(join(mig, f), text);
      try {
        const check = await voipdb(ast, 'check', '--legacy-state-dir', state, '--legacy-migration-dir', mig);
        expect(check.code).toBe(1);
        expect(check.stdout + check.stderr).toContain('\tNOK (last is 161)\t\tasterisk db');
        const r = await voipdb(
          ast,
          'upgrade',
          '--legacy-state-dir',
          state,
          '--legacy-migration-dir',
          mig,
          '--legacy-db',
          `xivo=${xivo.url}`,
        );
        expect(r.code, r.stderr).toBe(0);
        const got = await catalogOf(ast);
        expect(diffCatalogs(UPGRADE, got)).toEqual([]);
        // XiVO 14.08's own inconsistency, kept: a fresh install keeps the old default.
        expect(diffCatalogs(INIT, got)).toEqual([
          'column userfeatures. enableclient: "integer NOT NULL DEFAULT 1" != "integer NOT NULL DEFAULT 0"',
        ]);
        const after = await voipdb(ast, 'check', '--legacy-state-dir', state, '--legacy-migration-dir', mig);
        expect(after.code, after.stdout + after.stderr).toBe(0);
      } finally {
        await xivo.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
