// A database made by a Kamailio release's own create scripts, holding a row in every table,
// adopted by voipdb and upgraded: it ends equal to a fresh database of the target release (the
// same scripts' catalog; on PostgreSQL an added column sits last, so columns compare by name),
// with its rows kept. Chosen to keep CI time sane, on each dialect:
//   - one database walked 5.0 → 5.1 → ... → 6.1, compared at every release (every release → next);
//   - a database at each release from 5.1 to 6.0 upgraded to 6.1 in one run (every release → newest).
// And the refusals: a dropped column holding values, a database past the release asked for.

import { afterAll, describe, expect, test, vi } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { backendsHere, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { columnsByName, everything, modulesFor, REF_RELEASES, referenceCreate, referenceDump } from './reference.js';
import { dumpSchema, type SchemaDump } from './schema-dump.js';

vi.setConfig({ testTimeout: 900_000, hookTimeout: 300_000 });

const dbs: TestDb[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

const NEWEST = REF_RELEASES.at(-1)!;

/** A value every column of that type takes, spelled for the server's catalog type. */
function sample(type: string): unknown {
  if (/char|text/i.test(type)) return 'v';
  if (/timestamp|datetime/i.test(type)) return '2020-01-02 03:04:05';
  if (/real|float|double/i.test(type)) return 1.5;
  if (/bytea|blob/i.test(type)) return 'ab';
  return 1;
}

/** One row in every table, every column filled but the key the server numbers. */
async function seed(conn: Connection, dump: SchemaDump): Promise<void> {
  for (const [table, t] of Object.entries(dump.tables)) {
    if (table === 'version') continue;
    const key = new Set(t.indexes.filter((i) => i.primary).flatMap((i) => i.columns));
    const cols = t.columns.filter(
      (c) =>
        !(key.has(c.name) && (/nextval|auto_increment/i.test(`${c.default} ${c.extra}`) || conn.dialect === 'sqlite')),
    );
    const q = (n: string) => (conn.dialect === 'mysql' ? `\`${n}\`` : `"${n}"`);
    await conn.execute(
      `INSERT INTO ${table} (${cols.map((c) => q(c.name)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map((c) => sample(c.type)),
    );
  }
}

const norm = (v: unknown) =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString()
      : Buffer.isBuffer(v)
        ? v.toString('hex')
        : typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))
          ? Number(v)
          : String(v);

async function rowsOf(conn: Connection, dump: SchemaDump): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of Object.keys(dump.tables)) {
    if (table === 'version') continue;
    const rows = await conn.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
    out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)])));
  }
  return out;
}

/** Every row before is there after, with the same values in the columns both have. */
function expectRowsKept(
  before: Record<string, Record<string, unknown>[]>,
  after: Record<string, Record<string, unknown>[]>,
  where: string,
): void {
  for (const [table, rows] of Object.entries(before)) {
    if (!after[table]) continue; // a table the release dropped (userblacklist, 5.5)
    expect(after[table]!.length, `${where}: rows of ${table}`).toBe(rows.length);
    for (const [i, r] of rows.entries()) {
      const a = after[table]![i]!;
      const common = Object.keys(r).filter((k) => k in a);
      expect(Object.fromEntries(common.map((k) => [k, a[k]])), `${where}: ${table}`).toEqual(
        Object.fromEntries(common.map((k) => [k, r[k]])),
      );
    }
  }
}

function expectSameSchema(got: SchemaDump, want: SchemaDump, dialect: string, where: string): void {
  const [g, w] = dialect === 'postgres' ? [columnsByName(got), columnsByName(want)] : [got, want];
  expect(Object.keys(g.tables).sort(), where).toEqual(Object.keys(w.tables).sort());
  for (const t of Object.keys(w.tables)) expect(g.tables[t], `${where}: ${t}`).toEqual(w.tables[t]);
  expect(g.versionRows, where).toEqual(w.versionRows);
  expect(g.functions, where).toEqual(w.functions);
}

/** A database made by release `r`'s scripts, a row in every table, adopted by voipdb. */
async function madeAt(backend: BackendName, r: string): Promise<{ db: TestDb; conn: Connection }> {
  const db = await freshDb(backend, 'vt_kup');
  dbs.push(db);
  const conn = await db.connect();
  await referenceCreate(conn, r, modulesFor(r, everything(r)));
  await seed(conn, await dumpSchema(conn));
  const adopted = await runCli(['adopt', '--pack', 'kamailio', '--url', db.url]);
  expect(adopted.code, adopted.stderr).toBe(0);
  return { db, conn };
}

const upgradeTo = (url: string, r: string, ...more: string[]) =>
  runCli([
    'upgrade',
    '--pack',
    'kamailio',
    '-O',
    `release=${r}`,
    '-O',
    `groups=${everything(r).join(',')}`,
    '--url',
    url,
    ...more,
  ]);
const upgradeStandard = (url: string, r: string) =>
  runCli(['upgrade', '--pack', 'kamailio', '-O', `release=${r}`, '--url', url]);

for (const { name, ok } of await backendsHere(['postgres', 'mariadb', 'sqlite'])) {
  describe.skipIf(!ok)(`Kamailio upgrades on ${name}`, () => {
    const refs = new Map<string, Promise<SchemaDump>>();
    const reference = (r: string) => {
      if (!refs.has(r)) refs.set(r, referenceDump(name, r, modulesFor(r, everything(r)), dbs));
      return refs.get(r)!;
    };

    test('a 5.0 database, release by release to 6.1: equal to each release, rows kept', async () => {
      const { db, conn } = await madeAt(name, '5.0');
      try {
        for (const r of REF_RELEASES.slice(1)) {
          const before = await rowsOf(conn, await dumpSchema(conn));
          // 5.2 drops subscriber.email_address and rpid, 5.5 renames userblacklist: every column here holds a value
          const up = await upgradeTo(db.url, r, '--allow-data-loss');
          expect(up.code, `${r}: ${up.stdout}${up.stderr}`).toBe(0);
          const schema = await dumpSchema(conn);
          expectSameSchema(schema, await reference(r), conn.dialect, `${name} 5.0 → ${r}`);
          expectRowsKept(before, await rowsOf(conn, schema), `${name} → ${r}`);
        }
        const check = await runCli(
          [
            'check',
            '--pack',
            'kamailio',
            '-O',
            `release=${NEWEST}`,
            '-O',
            `groups=${everything(NEWEST).join(',')}`,
            '--url',
            db.url,
          ],
          { env: { VOIPDB_KAMAILIO: 'none' } },
        );
        expect(check.code, check.stdout + check.stderr).toBe(0);
      } finally {
        await conn.close();
      }
    });

    test.each(REF_RELEASES.slice(1, -1))(
      `a %s database upgraded to ${NEWEST} in one run: equal to ${NEWEST}, rows kept`,
      async (r) => {
        const { db, conn } = await madeAt(name, r);
        try {
          const before = await rowsOf(conn, await dumpSchema(conn));
          const up = await upgradeTo(db.url, NEWEST, '--allow-data-loss');
          expect(up.code, up.stdout + up.stderr).toBe(0);
          const schema = await dumpSchema(conn);
          expectSameSchema(schema, await reference(NEWEST), conn.dialect, `${name} ${r} → ${NEWEST}`);
          expectRowsKept(before, await rowsOf(conn, schema), `${name} ${r} → ${NEWEST}`);
        } finally {
          await conn.close();
        }
      },
    );

    test('what cannot keep rows stops the plan; a database past the release asked for is refused, naming both', async () => {
      const db = await freshDb(name, 'vt_kloss');
      dbs.push(db);
      const conn = await db.connect();
      try {
        await referenceCreate(conn, '5.1', modulesFor('5.1', ['standard']));
        await conn.execute(
          "INSERT INTO subscriber (username, domain, email_address) VALUES ('alice', 'voipdb.test', 'alice@example.com')",
        );
        expect((await runCli(['adopt', '--pack', 'kamailio', '--url', db.url])).code).toBe(0);
        const refused = await upgradeStandard(db.url, '5.2');
        expect(refused.code, refused.stderr).toBe(8);
        expect(refused.stderr).toMatch(/drops column subscriber\.email_address, which holds rows/);
        // Emptied, the column loses nothing: the plan runs.
        await conn.execute('UPDATE subscriber SET email_address = NULL');
        const emptied = await upgradeStandard(db.url, '5.4');
        expect(emptied.code, emptied.stderr).toBe(0);
        const past = await upgradeStandard(db.url, '5.2');
        expect(past.code).toBe(9);
        expect(past.stderr).toMatch(/kamailio\/standard is at Kamailio 5\.4, past the release asked for \(5\.2\)/);
      } finally {
        await conn.close();
      }
    });
  });
}
