// Promise 4, offline equals online: the script `voipdb sql` prints for a dialect, fed to that
// database's own client (psql, mariadb, sqlite3), leaves the same schema, data and history
// as `voipdb upgrade` of the same set on another fresh database.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '../../src/db/connection.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { diffModels } from '../../src/schema/diff.js';
import { available, freshDb, programAvailable, type BackendName, type TestDb } from '../helpers/backends.js';
import { ensureBuilt, runCli, runProgram } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeSet } from './engine-sets.js';

type Flavour = 'postgresql' | 'mysql' | 'sqlite';

const TRIGGER: Record<Flavour, string> = {
  postgresql: `CREATE FUNCTION cdr_audit_fn() RETURNS trigger AS $$
BEGIN
  INSERT INTO cdr_audit (cdr_id, note) VALUES (NEW.id, 'inserted; audited');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cdr_audit_trg AFTER INSERT ON cdr FOR EACH ROW EXECUTE FUNCTION cdr_audit_fn();
`,
  mysql: `CREATE TRIGGER cdr_audit_trg AFTER INSERT ON cdr FOR EACH ROW
BEGIN
  INSERT INTO cdr_audit (cdr_id, note) VALUES (NEW.id, 'inserted; audited');
END;
`,
  sqlite: `CREATE TRIGGER cdr_audit_trg AFTER INSERT ON cdr FOR EACH ROW
BEGIN
  INSERT INTO cdr_audit (cdr_id, note) VALUES (NEW.id, 'inserted; audited');
END;
`,
};

/** Tables, indexes, seed rows (with quotes and semicolons in strings), a trigger, a column added, a non-transactional index, a repeatable view and a post-upgrade hook. */
function setFor(flavour: Flavour): string {
  return writeSet('dialplan', {
    'V1__tables.sql': `-- the realtime tables
CREATE TABLE extensions (
  id INTEGER PRIMARY KEY,
  context VARCHAR(40) NOT NULL,
  exten VARCHAR(40) NOT NULL,
  priority INTEGER NOT NULL DEFAULT 1,
  app VARCHAR(40),
  appdata VARCHAR(256)
);
CREATE TABLE cdr (id INTEGER PRIMARY KEY, src VARCHAR(80), dst VARCHAR(80), duration INTEGER NOT NULL DEFAULT 0);
CREATE TABLE cdr_audit (cdr_id INTEGER NOT NULL, note VARCHAR(40) NOT NULL);
`,
    'V2__indexes_and_seed.sql': `CREATE UNIQUE INDEX extensions_context_exten_priority ON extensions (context, exten, priority);
CREATE INDEX cdr_dst ON cdr (dst);
INSERT INTO extensions (id, context, exten, priority, app, appdata) VALUES
  (1, 'default', '100', 1, 'Dial', 'PJSIP/100,30'),
  (2, 'default', '100', 2, 'Hangup', ''),
  (3, 'default', 'it''s', 1, 'Playback', 'hello;world');
`,
    'V3__audit_trigger.sql': TRIGGER[flavour],
    'V4__cdr_rows.sql': `ALTER TABLE cdr ADD COLUMN accountcode VARCHAR(20);
INSERT INTO cdr (id, src, dst, duration, accountcode) VALUES (1, '100', '200', 30, 'acme'), (2, '200', '100', 5, NULL);
`,
    'V5__cdr_src_index.sql': `-- voipdb: no-transaction
CREATE INDEX ${flavour === 'postgresql' ? 'CONCURRENTLY ' : ''}cdr_src ON cdr (src);
`,
    'R__dialplan_view.sql': `CREATE VIEW dialplan AS SELECT context, exten, priority, app FROM extensions;\n`,
    'post_upgrade/tidy.sql': `DELETE FROM cdr_audit WHERE note = 'never';\n`,
  });
}

interface Case {
  flavour: Flavour;
  backend: BackendName;
  /** The database's own command-line client. */
  client: string;
  /** Run the offline script with the database's own client. */
  feed(db: TestDb, scriptFile: string): Promise<void>;
}

async function ok(r: { code: number | null; stdout: string; stderr: string }, what: string): Promise<void> {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr || r.stdout}`);
}

const CASES: Case[] = [
  {
    flavour: 'postgresql',
    backend: 'postgres',
    client: '/usr/bin/psql',
    async feed(db, file) {
      const t = db.target;
      await ok(
        await runProgram(this.client, [
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          t.host!,
          '-p',
          String(t.port),
          '-U',
          t.user!,
          '-d',
          t.database!,
          '-f',
          file,
        ]),
        'psql',
      );
    },
  },
  {
    flavour: 'mysql',
    backend: 'mariadb',
    client: '/usr/bin/mariadb',
    async feed(db, file) {
      const t = db.target;
      await ok(
        await runProgram('sh', [
          '-c',
          `${this.client} --batch -h ${t.host} -P ${t.port} -u ${t.user} ${t.database} < "${file}"`,
        ]),
        'mariadb',
      );
    },
  },
  {
    flavour: 'sqlite',
    backend: 'sqlite',
    client: '/usr/bin/sqlite3',
    async feed(db, file) {
      await ok(await runProgram('sh', ['-c', `${this.client} -bail "${db.target.path}" < "${file}"`]), 'sqlite3');
    },
  },
];

function withoutDbName<T>(model: T, db: TestDb): T {
  const name = db.target.database;
  return name
    ? JSON.parse(
        JSON.stringify(model)
          .split('`' + name + '`.')
          .join(''),
      )
    : model;
}

async function historyOf(conn: Connection) {
  return conn.query(
    'SELECT set_name, version, description, kind, script, checksum, state FROM voipdb_history ORDER BY id',
  );
}

async function dataOf(conn: Connection) {
  return {
    extensions: await conn.query('SELECT id, context, exten, priority, app, appdata FROM extensions ORDER BY id'),
    cdr: await conn.query('SELECT id, src, dst, duration, accountcode FROM cdr ORDER BY id'),
    audit: await conn.query('SELECT cdr_id, note FROM cdr_audit ORDER BY cdr_id'),
    view: await conn.query('SELECT context, exten, priority, app FROM dialplan ORDER BY context, exten, priority'),
  };
}

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTempDirs());

for (const c of CASES) {
  describe.skipIf(!(await available(c.backend)) || !programAvailable(c.client))(
    `${c.flavour}: voipdb sql | ${c.client.split('/').pop()} equals voipdb upgrade`,
    () => {
      let online: TestDb;
      let offline: TestDb;
      const dir = setFor(c.flavour);

      beforeAll(async () => {
        online = await freshDb(c.backend, 'vt_online');
        offline = await freshDb(c.backend, 'vt_offline');
      });
      afterAll(async () => {
        await online?.drop();
        await offline?.drop();
      });

      it('leaves the same schema, data and history', async () => {
        const script = await runCli(['sql', '--dialect', c.flavour, '--dir', dir]);
        expect(script.code, script.stderr).toBe(0);
        expect(script.stdout).toContain('INSERT INTO voipdb_history');
        const file = join(tempDir(), `upgrade-${c.flavour}.sql`);
        writeFileSync(file, script.stdout);
        await c.feed(offline, file);

        const up = await runCli(['upgrade', '--dir', dir, '--url', online.url]);
        expect(up.code, up.stderr).toBe(0);

        const a = await online.connect();
        const b = await offline.connect();
        try {
          const [ha, hb] = [await historyOf(a), await historyOf(b)];
          expect(ha.length).toBeGreaterThanOrEqual(7); // 5 versioned, the view, the hook
          expect(hb).toEqual(ha);

          // MySQL spells view bodies with the database name: compare without it.
          const [ma, mb] = [withoutDbName(await introspect(a), online), withoutDbName(await introspect(b), offline)];
          expect(diffModels(ma, mb, a.dialect)).toEqual([]);
          expect(mb).toEqual(ma);
          expect(Object.keys(ma.tables).sort()).toEqual(['cdr', 'cdr_audit', 'extensions']);
          expect(Object.keys(ma.views)).toEqual(['dialplan']);
          expect(Object.keys(ma.triggers)).toEqual(['cdr_audit_trg']);
          expect(Object.keys(ma.indexes)).toEqual(expect.arrayContaining(['cdr_dst', 'cdr_src']));

          const [da, db] = [await dataOf(a), await dataOf(b)];
          expect(db).toEqual(da);
          expect(da.audit).toHaveLength(2); // the trigger fired for both cdr rows
          expect(da.extensions[2]).toMatchObject({ exten: "it's", appdata: 'hello;world' });
        } finally {
          await a.close();
          await b.close();
        }

        // The offline history is voipdb's own: check sees the offline database as up to date.
        const check = await runCli(['check', '--dir', dir, '--url', offline.url]);
        expect(check.code, check.stdout + check.stderr).toBe(0);
      });
    },
  );
}
