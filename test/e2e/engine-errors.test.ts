// Promise 6, clear errors and nothing lost: every failure is one line (no stack trace) with the
// next step, and the documented exit code; the password in the URL appears nowhere voipdb
// writes (stdout, stderr, --json output, the history table). Then the MySQL resume: a migration
// that failed at its third statement resumes at the third statement after the fix.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/core/errors.js';
import type { Connection } from '../../src/db/connection.js';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL, available, freshDb, uniqueName, type TestDb } from '../helpers/backends.js';
import { ensureBuilt, runCli, type CliResult } from '../helpers/cli.js';
import { count, historyRows, removeTempDirs, tempDir, writeSet } from './engine-sets.js';

const PASSWORD = 'S3cr3t-Pw9';
/** Neither half may show either: a partly masked password is a leaked password. */
const PIECES = ['S3cr3t', 'Pw9'];

function expectNoPassword(text: string): void {
  for (const p of PIECES) expect(text).not.toContain(p);
}
const PG_LOCK_KEY = 1987013232;

const simpleSet = writeSet('simple', { 'V1__one.sql': 'CREATE TABLE one (id INTEGER PRIMARY KEY);\n' });

/** `url` with the password put in (or replaced). */
function withPassword(url: string, user?: string): string {
  const u = new URL(url.replace(/^[a-z0-9+]+:/i, 'http:'));
  if (user) u.username = user;
  u.password = PASSWORD;
  return url.replace(/^([a-z0-9+]+:).*$/i, `$1`) + u.toString().replace(/^http:/, '');
}

/** Run the command plain and with --json; both must fail the same documented way. */
async function fails(
  args: string[],
  exit: number,
  env?: Record<string, string>,
): Promise<{ plain: CliResult; json: CliResult }> {
  const plain = await runCli(args, { env, timeoutMs: 60_000 });
  const json = await runCli([...args, '--json'], { env, timeoutMs: 60_000 });
  for (const r of [plain, json]) {
    expect(r.code, r.stderr).toBe(exit);
    // One error line; the only other line allowed is the lock wait notice that came before it.
    const lines = r.stderr.trimEnd().split('\n');
    expect(
      lines.filter((l) => !/^waiting for the upgrade lock held by /.test(l)),
      r.stderr,
    ).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^voipdb: .+ — next: .+/);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:|\bstack\b/);
    expectNoPassword(r.stdout + r.stderr);
  }
  expect(plain.stdout).toBe('');
  const doc = JSON.parse(json.stdout);
  expect(doc).toMatchObject({ exitCode: exit });
  expect(typeof doc.message).toBe('string');
  expect(typeof doc.hint).toBe('string');
  return { plain, json };
}

async function expectNoPasswordInHistory(conn: Connection): Promise<void> {
  const rows = await conn.query('SELECT * FROM voipdb_history');
  expectNoPassword(JSON.stringify(rows));
}

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTempDirs());

describe('URL and driver errors', () => {
  it('a URL missing its ":" (postgres//...): usage error', async () => {
    const { plain } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `postgres//asterisk:${PASSWORD}@127.0.0.1/asterisk`],
      ExitCode.usage,
    );
    expect(plain.stderr).toMatch(/not a database URL: "postgres\/\/asterisk:\*\*\*@127\.0\.0\.1\/asterisk"/);
  });

  it('a URL missing its "//" (postgresql:/...): usage error, not a connection to localhost', async () => {
    const { plain, json } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `postgresql:/asterisk:${PASSWORD}@127.0.0.1/asterisk`],
      ExitCode.usage,
    );
    expect(plain.stderr).toMatch(/malformed database URL/);
    expect(JSON.parse(json.stdout).error).toBe('bad-url');
  });

  it('a password with an unencoded "/" (malformed URL): usage error', async () => {
    const { plain } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `postgresql://asterisk:${PIECES.join('/')}@127.0.0.1/asterisk`],
      ExitCode.usage,
    );
    expect(plain.stderr).toMatch(/malformed database URL "postgresql:\/\/asterisk:\*\*\*@127\.0\.0\.1\/asterisk"/);
  });

  it('an unknown URL scheme: usage error', async () => {
    const { plain, json } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `foo://asterisk:${PASSWORD}@db.example/asterisk`],
      ExitCode.usage,
    );
    expect(plain.stderr).toMatch(/unknown URL scheme "foo"/);
    expect(JSON.parse(json.stdout).error).toBe('bad-url');
  });

  it('a SQLAlchemy driver voipdb does not bundle: driver error', async () => {
    const { plain, json } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `mysql+somedriver://asterisk:${PASSWORD}@127.0.0.1/asterisk`],
      ExitCode.driver,
    );
    expect(plain.stderr).toMatch(/somedriver/);
    expect(JSON.parse(json.stdout).error).toBe('missing-driver');
  });

  it('a database voipdb does not support (oracle://): driver error', async () => {
    const { plain } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `oracle://scott:${PASSWORD}@db.example:1521/orcl`],
      ExitCode.driver,
    );
    expect(plain.stderr).toMatch(/oracle/);
  });

  it('a SQLite file in a directory that does not exist: missing database', async () => {
    const { plain, json } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `sqlite:${join(tempDir(), 'no', 'such', 'dir', 'x.db')}`],
      ExitCode.connection,
    );
    expect(plain.stderr).toMatch(/does not exist/);
    expect(JSON.parse(json.stdout).error).toBe('missing-database');
  });
});

describe.skipIf(!(await available('postgres')))('postgres: connection errors', () => {
  it('unreachable host: connection error', async () => {
    const { plain, json } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `postgresql://postgres:${PASSWORD}@127.0.0.1:1/asterisk`],
      ExitCode.connection,
    );
    expect(plain.stderr).toMatch(/cannot reach the database server at 127\.0\.0\.1:1/);
    expect(JSON.parse(json.stdout).error).toBe('unreachable');
  });

  it('a role that does not exist: login refused', async () => {
    const { plain, json } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', withPassword(PG_ADMIN_URL, uniqueName('nosuchrole'))],
      ExitCode.connection,
    );
    expect(plain.stderr).toMatch(/refused the login/);
    expect(JSON.parse(json.stdout).error).toBe('login-refused');
  });

  it('a password with an unencoded "@": read as the password, masked whole', async () => {
    const url = `postgresql://${uniqueName('nosuchrole')}:${PIECES.join('@')}@127.0.0.1:5432/postgres`;
    const { plain } = await fails(['upgrade', '--dir', simpleSet, '--url', url], ExitCode.connection);
    expect(plain.stderr).toMatch(/:\*\*\*@127\.0\.0\.1:5432\/postgres: the server refused the login/);
  });

  it('a database that does not exist: missing database', async () => {
    const url = withPassword(PG_ADMIN_URL).replace(/\/[^/]*$/, `/${uniqueName('nosuchdb')}`);
    const { plain, json } = await fails(['upgrade', '--dir', simpleSet, '--url', url], ExitCode.connection);
    expect(plain.stderr).toMatch(/database "nosuchdb_\w+" does not exist/);
    expect(JSON.parse(json.stdout).error).toBe('missing-database');
  });
});

describe.skipIf(!(await available('mariadb')))('mariadb: connection errors', () => {
  it('unreachable host: connection error', async () => {
    const { plain } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', `mysql://root:${PASSWORD}@127.0.0.1:1/asterisk`],
      ExitCode.connection,
    );
    expect(plain.stderr).toMatch(/cannot reach the database server at 127\.0\.0\.1:1/);
  });

  it('root with a wrong password: login refused', async () => {
    const { plain, json } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', withPassword(MYSQL_ADMIN_URL, 'root')],
      ExitCode.connection,
    );
    expect(plain.stderr).toMatch(/refused the login for user "root"/);
    expect(JSON.parse(json.stdout).error).toBe('login-refused');
  });

  it('a user that does not exist: login refused', async () => {
    const user = uniqueName('nosuchuser');
    const { plain, json } = await fails(
      ['upgrade', '--dir', simpleSet, '--url', withPassword(MYSQL_ADMIN_URL, user)],
      ExitCode.connection,
    );
    expect(plain.stderr).toMatch(new RegExp(`refused the login for user "${user}"`));
    expect(JSON.parse(json.stdout).error).toBe('login-refused');
  });
});

// A MariaDB account whose password really is PASSWORD, so the MySQL cases log in with it.
interface MysqlUser {
  url(db: TestDb): string;
  drop(): Promise<void>;
}

async function mysqlUserFor(dbs: TestDb[]): Promise<MysqlUser> {
  const user = uniqueName('vt_pw').slice(0, 32);
  const admin = await connect(parseTarget(MYSQL_ADMIN_URL));
  for (const host of ['%', 'localhost', '127.0.0.1']) {
    await admin.exec(`CREATE USER '${user}'@'${host}' IDENTIFIED BY '${PASSWORD}'`);
    for (const db of dbs) await admin.exec(`GRANT ALL ON \`${db.target.database}\`.* TO '${user}'@'${host}'`);
  }
  await admin.close();
  return {
    url: (db) => withPassword(db.url, user),
    async drop() {
      const a = await connect(parseTarget(MYSQL_ADMIN_URL));
      for (const host of ['%', 'localhost', '127.0.0.1']) await a.exec(`DROP USER IF EXISTS '${user}'@'${host}'`);
      await a.close();
    },
  };
}

/** The statement that fails, per back-end: its server message names a table called like the password. */
const FAILING: Record<'postgres' | 'mariadb' | 'sqlite', { sql: string; message: RegExp }> = {
  postgres: { sql: `INSERT INTO "${PASSWORD}" (id) VALUES (1)`, message: /relation "\*\*\*" does not exist/ },
  mariadb: { sql: `INSERT INTO \`${PASSWORD}\` (id) VALUES (1)`, message: /Table '.*\*\*\*' doesn't exist/ },
  sqlite: { sql: `INSERT INTO "${PASSWORD}" (id) VALUES (1)`, message: /no such table: \*\*\*/ },
};

for (const backend of ['postgres', 'mariadb', 'sqlite'] as const) {
  describe.skipIf(!(await available(backend)))(`${backend}: lock timeout and a SQL error inside a migration`, () => {
    let lockDb: TestDb;
    let failDb: TestDb;
    let mysqlUser: MysqlUser | undefined;
    // VOIPDB_PASSWORD is how a password reaches voipdb when the URL carries none (SQLite has none at all).
    const env = { VOIPDB_PASSWORD: PASSWORD };
    const urlOf = (db: TestDb) =>
      backend === 'mariadb' ? mysqlUser!.url(db) : backend === 'postgres' ? withPassword(db.url) : db.url;

    beforeAll(async () => {
      lockDb = await freshDb(backend, 'vt_err');
      failDb = await freshDb(backend, 'vt_err');
      if (backend === 'mariadb') mysqlUser = await mysqlUserFor([lockDb, failDb]);
    });
    afterAll(async () => {
      await mysqlUser?.drop();
      await lockDb?.drop();
      await failDb?.drop();
    });

    it('lock timeout: another session holds the upgrade lock', async () => {
      const holder = await lockDb.connect();
      try {
        if (backend === 'postgres') await holder.query(`SELECT pg_advisory_lock(${PG_LOCK_KEY})`);
        else if (backend === 'mariadb')
          await holder.query(`SELECT GET_LOCK('voipdb_upgrade.${lockDb.target.database}', 10)`);
        else await holder.exec('BEGIN IMMEDIATE');
        const { plain, json } = await fails(
          ['upgrade', '--dir', simpleSet, '--url', urlOf(lockDb), '--lock-timeout', '1'],
          ExitCode.lockTimeout,
          env,
        );
        expect(plain.stderr).toMatch(/timed out after 1s waiting for the upgrade lock held by/);
        expect(JSON.parse(json.stdout).error).toBe('lock-timeout');
      } finally {
        if (backend === 'sqlite') await holder.exec('ROLLBACK');
        await holder.close();
      }
      // Released: the same command goes through.
      const r = await runCli(['upgrade', '--dir', simpleSet, '--url', urlOf(lockDb), '--lock-timeout', '5'], { env });
      expect(r.code, r.stderr).toBe(0);
    });

    it('a SQL error inside a migration names the set, file, statement and the server message', async () => {
      const dir = writeSet('calls', {
        'V1__ok.sql': 'CREATE TABLE calls (id INTEGER PRIMARY KEY);\n',
        'V2__broken.sql': `INSERT INTO calls (id) VALUES (1);\n${FAILING[backend].sql};\n`,
      });
      // Run twice (plain, then --json): the second attempt must fail the same way, at statement 2.
      const { plain, json } = await fails(
        ['upgrade', '--dir', dir, '--url', urlOf(failDb)],
        ExitCode.migrationFailed,
        env,
      );
      for (const out of [plain.stderr, JSON.parse(json.stdout).message]) {
        expect(out).toMatch(/V2__broken\.sql failed at statement 2 of 2: /);
        expect(out).toMatch(FAILING[backend].message);
      }
      expect(plain.stderr).toMatch(/set calls, version 2: /);
      expect(JSON.parse(json.stdout)).toMatchObject({ error: 'migration-failed', where: 'set calls, version 2' });

      const conn = await failDb.connect();
      try {
        await expectNoPasswordInHistory(conn);
        const rows = await historyRows(conn);
        expect(rows.filter((r) => r.version === '2').map((r) => r.state)).not.toContain('applied');
        // Transactional back-ends undo the whole migration, each time; MySQL keeps statement 1 (once) and resumes after it.
        expect(await count(conn, 'SELECT COUNT(*) AS n FROM calls')).toBe(backend === 'mariadb' ? 1 : 0);
      } finally {
        await conn.close();
      }

      // check and history say what failed, still without the password.
      const check = await runCli(['check', '--dir', dir, '--url', urlOf(failDb), '--json'], { env });
      expect(check.code).toBe(ExitCode.notUpToDate);
      expectNoPassword(check.stdout + check.stderr);
      const history = await runCli(['history', '--url', urlOf(failDb), '--json'], { env });
      expect(history.code, history.stderr).toBe(0);
      expect(history.stdout).toMatch(/\*\*\*/);
      expectNoPassword(history.stdout + history.stderr);
    });
  });
}

describe.skipIf(!(await available('mariadb')))('mariadb: the upgrade lock is per database', () => {
  let a: TestDb;
  let b: TestDb;
  beforeAll(async () => {
    [a, b] = [await freshDb('mariadb', 'vt_lock'), await freshDb('mariadb', 'vt_lock')];
  });
  afterAll(async () => {
    await a?.drop();
    await b?.drop();
  });

  it('an upgrade of one database does not wait for an upgrade of another on the same server', async () => {
    // GET_LOCK names are server-wide: a single name would queue every tenant behind one another.
    const holder = await a.connect();
    try {
      await holder.query(`SELECT GET_LOCK('voipdb_upgrade.${a.target.database}', 10)`);
      const other = await runCli(['upgrade', '--dir', simpleSet, '--url', b.url, '--lock-timeout', '1']);
      expect(other.code, other.stderr).toBe(0);
      expect(other.stderr).not.toMatch(/waiting for the upgrade lock/);
      const same = await runCli(['upgrade', '--dir', simpleSet, '--url', a.url, '--lock-timeout', '1']);
      expect(same.code, same.stderr).toBe(ExitCode.lockTimeout);
      expect(same.stderr).toMatch(/held by connection \d+/);
    } finally {
      await holder.close();
    }
  });
});

describe.skipIf(!(await available('mariadb')))(
  'mariadb: a migration failing at its third statement resumes at the third statement',
  () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await freshDb('mariadb', 'vt_resume');
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('runs statement 3 (and on) after the fix, never statements 1 and 2 again', async () => {
      // Statements 1 and 2 fail if run twice (duplicate key, table exists): a re-run would show.
      const dir = writeSet('trunks', {
        'V1__trunks.sql': 'CREATE TABLE trunks (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);\n',
        'V2__routes.sql': `INSERT INTO trunks (id, name) VALUES (1, 'pstn');
CREATE TABLE routes (id INTEGER PRIMARY KEY, trunk_id INTEGER NOT NULL);
INSERT INTO routes (id, trunk_id) VALUES (1, (SELECT id FROM no_such_table));
INSERT INTO routes (id, trunk_id) VALUES (2, 1);
`,
      });
      const file = join(dir, 'V2__routes.sql');
      const first = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
      expect(first.code, first.stderr).toBe(ExitCode.migrationFailed);
      expect(first.stderr).toMatch(/V2__routes\.sql failed at statement 3 of 4: .*no_such_table/);
      expect(first.stderr).toMatch(/resumes at statement 3/);

      const status = await runCli(['check', '--dir', dir, '--url', db.url]);
      expect(status.code).toBe(ExitCode.notUpToDate);
      expect(status.stdout + status.stderr).toMatch(/failed at statement 3/);

      // Editing a statement that already ran is refused: the database no longer matches the file.
      const broken = readFileSync(file, 'utf8');
      writeFileSync(file, broken.replace("'pstn'", "'isdn'"));
      const edited = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
      expect(edited.code, edited.stderr).toBe(ExitCode.integrity);
      expect(edited.stderr).toMatch(/already applied were changed/);

      // The fix touches statement 3 only.
      writeFileSync(file, broken.replace('(SELECT id FROM no_such_table)', '1'));
      const fixed = await runCli(['upgrade', '--dir', dir, '--url', db.url, '--verbose']);
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(fixed.stderr).toMatch(/resuming V2__routes\.sql at statement 3 of 4/);

      const conn = await db.connect();
      try {
        expect(await conn.query('SELECT id, name FROM trunks ORDER BY id')).toEqual([{ id: 1, name: 'pstn' }]);
        expect(await conn.query('SELECT id, trunk_id FROM routes ORDER BY id')).toEqual([
          { id: 1, trunk_id: 1 },
          { id: 2, trunk_id: 1 },
        ]);
        const rows = await historyRows(conn);
        const v2 = rows.filter((r) => r.version === '2');
        expect(v2.map((r) => r.state)).toEqual(['applied']); // the failed row was completed in place
        expect(rows.filter((r) => r.kind === 'versioned').map((r) => `${r.version}:${r.state}`)).toEqual([
          '1:applied',
          '2:applied',
        ]);
      } finally {
        await conn.close();
      }
      const check = await runCli(['check', '--dir', dir, '--url', db.url]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
    });
  },
);
