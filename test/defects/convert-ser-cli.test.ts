// `voipdb convert ser` through the command line (issue 22, defect 12): into SQLite it works (the
// README: any dialect); into a Kamailio database, or an Asterisk one, it is refused (exit 9) and
// writes nothing; `-t subscriber,acc` reads the domain tree from the source, so credentials get
// the same DIDs as a full conversion gives them.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { createSer09, EXAMPLE, fill } from '../convert/support/ser09.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

async function rows<T>(url: string, sql: string): Promise<T[]> {
  const conn = await connect(parseTarget(url));
  try {
    return await conn.query<T>(sql);
  } finally {
    await conn.close();
  }
}

async function tableNames(url: string): Promise<string[]> {
  const t = parseTarget(url);
  const sql =
    t.dialect === 'sqlite'
      ? `SELECT name AS t FROM sqlite_master WHERE type = 'table'`
      : `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()`;
  return (await rows<{ t: string }>(url, sql)).map((r) => r.t);
}

describe.skipIf(!(await available('mariadb')))('convert ser through the CLI', { timeout: 300_000 }, () => {
  let src: TestDb;
  beforeAll(async () => {
    src = await freshDb('mariadb', 'sersrc');
    created.push(src);
    const s = await src.connect();
    await createSer09(s);
    await fill(s, EXAMPLE);
    await s.close();
  }, 120_000);

  const fresh = async () => {
    const db = await freshDb('mariadb', 'serdst');
    created.push(db);
    return db;
  };

  it('into SQLite: converts, as into any dialect', async () => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'voipdb-ser-')), 'ser20.db')}`;
    const r = await runCli(['convert', 'ser', '-i', src.url, '-o', url, '--on-error', 'skip', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).createdSchema).toBe(true);
    const creds = await rows<{ n: number }>(url, 'SELECT COUNT(*) AS n FROM credentials');
    expect(Number(creds[0]!.n)).toBeGreaterThan(0);
    expect((await runCli(['check', '--pack', 'ser-2.0', '--no-drift', '--url', url])).code).toBe(0);
  });

  it('into a Kamailio database: refused before anything is written', async () => {
    const dst = await fresh();
    expect((await runCli(['upgrade', '--pack', 'kamailio', '--url', dst.url])).code).toBe(0);
    const before = (await tableNames(dst.url)).sort();
    const r = await runCli(['convert', 'ser', '-i', src.url, '-o', dst.url]);
    expect(r.code, r.stderr).toBe(9);
    expect(r.stderr).toMatch(
      /the destination is not empty: it holds tables of another schema \(.*\) and not the ser-2.0 schema/,
    );
    expect(r.stderr).toMatch(/next: convert into an empty database/);
    expect((await tableNames(dst.url)).sort()).toEqual(before);
  });

  it('into an Asterisk database holding rows: refused, no SER table added beside them', async () => {
    const dst = await fresh();
    expect((await runCli(['init', '--pack', 'asterisk', '--url', dst.url])).code).toBe(0);
    const before = (await tableNames(dst.url)).sort();
    const r = await runCli(['convert', 'ser', '-i', src.url, '-o', dst.url]);
    expect(r.code, r.stderr).toBe(9);
    expect(r.stderr).toMatch(/holds tables of another schema/);
    expect((await tableNames(dst.url)).sort()).toEqual(before);
  });

  it("-t subscriber,acc: credentials get their domain's DID, as when domain is converted too", async () => {
    const full = await fresh();
    const part = await fresh();
    // the same tables with the domain tree converted too
    expect(
      (
        await runCli([
          'convert',
          'ser',
          '-i',
          src.url,
          '-o',
          full.url,
          '-t',
          'domain,subscriber,acc',
          '--on-error',
          'skip',
        ])
      ).code,
    ).toBe(0);
    const r = await runCli([
      'convert',
      'ser',
      '-i',
      src.url,
      '-o',
      part.url,
      '-t',
      'subscriber,acc',
      '--on-error',
      'skip',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const q = 'SELECT auth_username, realm, did FROM credentials ORDER BY auth_username, realm';
    const expected = await rows<{ did: string }>(full.url, q);
    const got = await rows<{ did: string }>(part.url, q);
    expect(got).toEqual(expected);
    expect(got.filter((c) => c.did !== '_default').length).toBeGreaterThan(0);
    // the domain table itself was left alone, as asked
    expect(Number((await rows<{ n: number }>(part.url, 'SELECT COUNT(*) AS n FROM domain'))[0]!.n)).toBe(0);
  });
});
