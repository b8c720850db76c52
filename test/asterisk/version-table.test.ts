// alembic_version_<set>: created, written and read as Asterisk's env.py and alembic do, and a
// legacy plain alembic_version table renamed only when it holds one of the set's revisions.

import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { AlembicVersionTable } from '../../src/packs/asterisk/version-table.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { asteriskSet, SERVERS } from './helpers.js';

const config = asteriskSet('config');
const cdr = asteriskSet('cdr');
const first = config.migrations[0]!;
const second = config.migrations[1]!;

describe('alembic_version_<set> statements', () => {
  const vt = new AlembicVersionTable('config');
  it('creates the table as alembic does, and only when missing', () => {
    expect(vt.ensure('postgres')).toEqual([
      'CREATE TABLE IF NOT EXISTS alembic_version_config (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_config_pkc PRIMARY KEY (version_num))',
    ]);
  });
  it('updates from parent to child, deletes back to base, inserts the first row', () => {
    expect(first.parent).toBeNull();
    expect(second.parent).toBe(first.version);
    expect(vt.write('postgres', second, 'up')).toEqual([
      `UPDATE alembic_version_config SET version_num='43956d550a44' WHERE alembic_version_config.version_num = '4da0c5f79a9c'`,
    ]);
    expect(vt.write('mysql', second, 'down')).toEqual([
      `UPDATE alembic_version_config SET version_num='4da0c5f79a9c' WHERE alembic_version_config.version_num = '43956d550a44'`,
    ]);
    expect(vt.write('postgres', first, 'down')).toEqual([
      `DELETE FROM alembic_version_config WHERE alembic_version_config.version_num = '4da0c5f79a9c'`,
    ]);
    expect(vt.write('mysql', first, 'up')[0]).toMatch(
      /^INSERT INTO alembic_version_config \(version_num\) SELECT '4da0c5f79a9c' FROM DUAL WHERE NOT EXISTS/,
    );
  });
});

async function tables(conn: Connection): Promise<string[]> {
  const sql =
    conn.dialect === 'postgres'
      ? `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`
      : `SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1`;
  return (await conn.query<{ t: string }>(sql)).map((r) => r.t);
}

async function legacy(conn: Connection, version: string): Promise<void> {
  await conn.exec(
    'CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))',
  );
  await conn.execute(`INSERT INTO alembic_version (version_num) VALUES ('${version}')`);
}

for (const s of SERVERS) {
  const ok = await available(s.backend);
  describe.skipIf(!ok)(`alembic version tables on ${s.backend}`, () => {
    const dbs: TestDb[] = [];
    // Dropping a PostgreSQL database waits for a checkpoint, which a busy server makes slow.
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db.drop()));
    }, 600_000);
    const open = async () => {
      const db = await freshDb(s.backend, 'astvt');
      dbs.push(db);
      return db.connect();
    };

    it("renames a legacy alembic_version holding one of the set's revisions, and only for that set", async () => {
      const conn = await open();
      try {
        await legacy(conn, '54cde9847798'); // a cdr revision
        const cfg = config.versionRecords![0]!;
        const cdrRecord = cdr.versionRecords![0]!;
        expect(await cfg.read!(conn, config)).toBeUndefined();
        await cfg.prepare!(conn, config);
        expect(await tables(conn)).toEqual(['alembic_version']);

        expect(await cdrRecord.read!(conn, cdr)).toBe('54cde9847798');
        await cdrRecord.prepare!(conn, cdr);
        expect(await tables(conn)).toEqual(['alembic_version_cdr']);
        expect(await cdrRecord.read!(conn, cdr)).toBe('54cde9847798');
      } finally {
        await conn.close();
      }
    });

    it('leaves the legacy table alone when the set already has its own', async () => {
      const conn = await open();
      try {
        const cfg = config.versionRecords![0]!;
        await legacy(conn, second.version);
        for (const sql of cfg.ensure(conn.dialect)) await conn.exec(sql);
        await cfg.prepare!(conn, config);
        expect(await tables(conn)).toEqual(['alembic_version', 'alembic_version_config']);
        expect(await cfg.read!(conn, config)).toBeUndefined();
      } finally {
        await conn.close();
      }
    });

    it('keeps exactly one row through up, stamp over an existing row, and down', async () => {
      const conn = await open();
      try {
        const cfg = config.versionRecords![0]!;
        const run = async (sqls: string[]) => {
          for (const sql of sqls) await conn.exec(sql);
        };
        for (let i = 0; i < 2; i++) await run(cfg.ensure(conn.dialect)); // idempotent
        await run(cfg.write(conn.dialect, first, 'up', config));
        await run(cfg.write(conn.dialect, second, 'up', config));
        expect(await cfg.read!(conn, config)).toBe(second.version);
        // Stamping from base over a record alembic already holds leaves the row as it is.
        await run(cfg.write(conn.dialect, first, 'up', config));
        const rows = await conn.query<{ v: string }>('SELECT version_num AS v FROM alembic_version_config');
        expect(rows.map((r) => r.v)).toEqual([second.version]);
        expect(await cfg.verify!(conn, config, second.version)).toEqual([]);
        expect((await cfg.verify!(conn, config, first.version))[0]).toMatchObject({
          message: expect.stringMatching(
            /alembic_version_config says 43956d550a44 but voipdb's history says 4da0c5f79a9c/,
          ),
        });
        await run(cfg.write(conn.dialect, second, 'down', config));
        await run(cfg.write(conn.dialect, first, 'down', config));
        expect(await cfg.read!(conn, config)).toBeUndefined();
      } finally {
        await conn.close();
      }
    });
  });
}
