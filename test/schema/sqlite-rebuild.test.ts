// SQLite's batch-mode rebuilds inside the migration's transaction, with foreign_keys=ON.

import { afterAll, describe, expect, test } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { diffModels } from '../../src/schema/diff.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { col, t, value } from '../../src/schema/operations.js';
import type { Model } from '../../src/schema/types.js';
import { freshDb, type TestDb } from '../helpers/backends.js';
import { applyOps } from './helpers.js';

const dbs: TestDb[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

async function withCdr(): Promise<{ conn: Connection; model: Model }> {
  const db = await freshDb('sqlite', 'vt_rebuild');
  dbs.push(db);
  const conn = await db.connect();
  const model = await applyOps(conn, (op) => {
    op.createTable('cdr', [
      col('id', t.integer(), { primaryKey: true, autoIncrement: true }),
      col('accountcode', t.string(20)),
      col('src', t.string(80)),
      col('legacy', t.string(10), { unique: true }),
      col('billsec', t.integer()),
    ]);
    op.createIndex('cdr_accountcode', 'cdr', ['accountcode']);
    op.createIndex('cdr_src_billed', 'cdr', ['src'], { where: 'billsec > 0' });
    op.createTable('cdr_audit', [col('cdr_id', t.integer()), col('note', t.string(40))]);
    op.createTrigger({
      name: 'cdr_audit_ins',
      table: 'cdr',
      sql: {
        sqlite:
          "CREATE TRIGGER cdr_audit_ins AFTER INSERT ON cdr BEGIN INSERT INTO cdr_audit (cdr_id, note) VALUES (NEW.id, 'ins'); END",
      },
    });
    op.insertRows('cdr', [
      { id: 1, accountcode: 'acme', src: '100', legacy: 'a', billsec: 5 },
      { id: 2, accountcode: 'initech', src: '200', legacy: 'b', billsec: 0 },
    ]);
  });
  return { conn, model };
}

const names = async (conn: Connection, type: string) =>
  (
    await conn.query<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      [type],
    )
  ).map((r) => r.name);

describe('SQLite rebuilds', () => {
  test('dropping a column with a constraint keeps rows, indexes and the trigger', async () => {
    const { conn, model } = await withCdr();
    try {
      const after = await applyOps(conn, (op) => op.dropColumn('cdr', 'legacy'), model);
      expect(await conn.query('SELECT id, accountcode, src, billsec FROM cdr ORDER BY id')).toEqual([
        { id: 1, accountcode: 'acme', src: '100', billsec: 5 },
        { id: 2, accountcode: 'initech', src: '200', billsec: 0 },
      ]);
      expect(await names(conn, 'index')).toEqual(['cdr_accountcode', 'cdr_src_billed']);
      expect(await names(conn, 'trigger')).toEqual(['cdr_audit_ins']);
      await conn.execute("INSERT INTO cdr (accountcode, src, billsec) VALUES ('x', '300', 1)");
      // the trigger fired for the two seed rows and fires again after the rebuild
      expect(await conn.query('SELECT cdr_id, note FROM cdr_audit ORDER BY rowid')).toEqual(
        [1, 2, 3].map((cdr_id) => ({ cdr_id, note: 'ins' })),
      );
      expect(diffModels(after, await introspect(conn), 'sqlite')).toEqual([]);
    } finally {
      await conn.close();
    }
  });

  test('changing a type, nullability and default keeps rows, indexes and the trigger', async () => {
    const { conn, model } = await withCdr();
    try {
      const after = await applyOps(
        conn,
        (op) => op.alterColumn('cdr', 'accountcode', { type: t.string(80), nullable: false, default: value('none') }),
        model,
      );
      expect(await conn.query('SELECT id, accountcode FROM cdr ORDER BY id')).toEqual([
        { id: 1, accountcode: 'acme' },
        { id: 2, accountcode: 'initech' },
      ]);
      expect(await names(conn, 'index')).toEqual(['cdr_accountcode', 'cdr_src_billed']);
      expect(await names(conn, 'trigger')).toEqual(['cdr_audit_ins']);
      const got = await introspect(conn);
      expect(got.tables.cdr!.columns.find((c) => c.name === 'accountcode')).toMatchObject({
        type: { kind: 'string', length: 80 },
        nullable: false,
        default: { value: 'none' },
      });
      expect(diffModels(after, got, 'sqlite')).toEqual([]);
      // AUTOINCREMENT survives: the next id follows the copied ones.
      await conn.execute("INSERT INTO cdr (src) VALUES ('400')");
      expect(await conn.query("SELECT id FROM cdr WHERE src = '400'")).toEqual([{ id: 3 }]);
    } finally {
      await conn.close();
    }
  });

  test('rebuilding a table others reference, with foreign_keys=ON, keeps the referencing rows (CASCADE and RESTRICT)', async () => {
    const db = await freshDb('sqlite', 'vt_rebuild');
    dbs.push(db);
    const conn = await db.connect();
    try {
      expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      const model = await applyOps(conn, (op) => {
        op.createTable('ps_endpoints', [col('id', t.string(40), { primaryKey: true }), col('transport', t.string(40))]);
        op.createTable('ps_aors', [col('id', t.string(40), { primaryKey: true }), col('endpoint', t.string(40))], {
          foreignKeys: [{ columns: ['endpoint'], refTable: 'ps_endpoints', refColumns: ['id'], onDelete: 'CASCADE' }],
        });
        op.createTable('ps_contacts', [col('id', t.integer(), { primaryKey: true }), col('aor', t.string(40))], {
          foreignKeys: [{ columns: ['aor'], refTable: 'ps_aors', refColumns: ['id'], onDelete: 'RESTRICT' }],
        });
        op.createIndex('ps_contacts_aor', 'ps_contacts', ['aor']);
        op.insertRows('ps_endpoints', [{ id: '100', transport: 'udp' }]);
        op.insertRows('ps_aors', [{ id: '100', endpoint: '100' }]);
        op.insertRows('ps_contacts', [{ id: 1, aor: '100' }]);
      });
      const after = await applyOps(
        conn,
        (op) => op.alterColumn('ps_endpoints', 'transport', { type: t.string(80) }),
        model,
      );
      expect(await conn.query('SELECT id, endpoint FROM ps_aors')).toEqual([{ id: '100', endpoint: '100' }]);
      expect(await conn.query('SELECT id, aor FROM ps_contacts')).toEqual([{ id: 1, aor: '100' }]);
      expect(await conn.query('PRAGMA foreign_key_check')).toEqual([]);
      expect(diffModels(after, await introspect(conn), 'sqlite')).toEqual([]);
      // the foreign keys still hold
      await expect(conn.execute("INSERT INTO ps_aors (id, endpoint) VALUES ('x', 'nope')")).rejects.toThrow(
        /FOREIGN KEY/,
      );
      await conn.execute('DELETE FROM ps_contacts');
      await conn.execute("DELETE FROM ps_endpoints WHERE id = '100'");
      expect(await conn.query('SELECT COUNT(*) AS n FROM ps_aors')).toEqual([{ n: 0 }]);
    } finally {
      await conn.close();
    }
  });

  test('a failing rebuild leaves the table as it was (one transaction)', async () => {
    const { conn, model } = await withCdr();
    try {
      // NOT NULL without a default over rows with NULLs fails in the copy step.
      await conn.execute('UPDATE cdr SET src = NULL WHERE id = 2');
      await expect(applyOps(conn, (op) => op.alterColumn('cdr', 'src', { nullable: false }), model)).rejects.toThrow(
        /NOT NULL/,
      );
      expect(await conn.query('SELECT COUNT(*) AS n FROM cdr')).toEqual([{ n: 2 }]);
      expect(diffModels(model, await introspect(conn), 'sqlite')).toEqual([]);
    } finally {
      await conn.close();
    }
  });
});
