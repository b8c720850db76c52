// The ominis pack on every back-end: init twice (and again with its history lost) leaves the same
// schema and seed rows; the trigger moves updated_at; deleting an IVR cascades to its menus and
// options; the unique keys and status checks hold; the summary lists every table.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { downgrade, status, upgrade } from '../../src/engine/index.js';
import { ominisPack, ominisPackTables } from '../../src/packs/ominis/index.js';
import { aclSeedRows, ominisIndexes, touchedTables } from '../../src/packs/ominis/schema.js';
import { formatOminisSummary, ominisSummary } from '../../src/packs/ominis/summary.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import { dump } from '../freeswitch/dump.js';

const init = async (conn: Connection) => upgrade(conn, await ominisPack.sets());

async function aclRows(conn: Connection) {
  return conn.query<Record<string, unknown>>(
    'SELECT list_name, cidr, permission, description FROM acl_entries ORDER BY cidr',
  );
}

async function count(conn: Connection, table: string, where = '1 = 1', params: unknown[] = []): Promise<number> {
  const [r] = await conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params);
  return Number(r!.n);
}

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`ominis pack on ${backend}`, () => {
    let db: TestDb;
    let conn: Connection;

    beforeAll(async () => {
      db = await freshDb(backend, 'ominis');
      conn = await db.connect();
    });
    afterAll(async () => {
      await conn?.close();
      await db?.drop();
    });

    it('init applies the FreeSWITCH sets first, then ominis, and loads the seed rows', async () => {
      const r = await init(conn);
      expect(r.steps.map((s) => s.set)).toEqual(['freeswitch/core', 'freeswitch/callcenter', 'ominis']);
      expect(r.states.every((s) => s.upToDate)).toBe(true);
      expect(await aclRows(conn)).toEqual(aclSeedRows);
      const d = await dump(conn);
      for (const [name, table, columns] of ominisIndexes)
        expect(d.indexes[name], name).toMatchObject({ table, columns });
      expect(d.triggers).toEqual(touchedTables.map(({ table }) => `${table}.trg_${table}_updated_at`).sort());
      expect(d.tables.ivr_menus!.foreignKeys).toEqual([
        { columns: ['ivr_name'], refTable: 'ivrs', refColumns: ['name'], onDelete: 'CASCADE' },
      ]);
      expect(d.tables.ivr_menu_options!.foreignKeys).toEqual([
        { columns: ['menu_id'], refTable: 'ivr_menus', refColumns: ['id'], onDelete: 'CASCADE' },
      ]);
      expect(d.tables.ivr_menus!.uniques).toEqual([['ivr_name', 'menu_id']]);
      expect(d.tables.acl_entries!.uniques).toEqual([['list_name', 'cidr']]);
      expect(d.tables.ivr_tts_cache!.uniques).toEqual([['text_hash']]);
      expect(d.tables.cdr!.columns.map((c) => c.name)).toContain('switch_name');
    });

    it('init twice, and again with its history lost, leaves the same schema and the same seed rows', async () => {
      const before = await dump(conn);
      const again = await init(conn);
      expect(again.steps).toEqual([]);
      expect(await dump(conn)).toEqual(before);
      // Like the document's migrate.py: every statement is safe to run again on a built database.
      await conn.exec('DELETE FROM voipdb_history');
      const rerun = await init(conn);
      expect(rerun.steps.map((s) => s.set)).toEqual(['freeswitch/core', 'freeswitch/callcenter', 'ominis']);
      expect(await dump(conn)).toEqual(before);
      expect(await aclRows(conn)).toEqual(aclSeedRows);
      expect((await status(conn, await ominisPack.sets())).every((s) => s.upToDate)).toBe(true);
    });

    it('keeps an admin edit of a seed row when init runs again', async () => {
      await conn.execute("UPDATE acl_entries SET description = 'office' WHERE cidr = '127.0.0.1/32'");
      await conn.exec('DELETE FROM voipdb_history');
      await init(conn);
      expect(await count(conn, 'acl_entries')).toBe(3);
      expect(await count(conn, 'acl_entries', "description = 'office'")).toBe(1);
    });

    it('moves updated_at on every update, by trigger', async () => {
      await conn.execute(
        "INSERT INTO extensions (number, password, display_name, status, created_at, updated_at) VALUES ('1001', 'Winnipeg2025', 'John Doe', 'active', '2000-01-01 00:00:00', '2000-01-01 00:00:00')",
      );
      await conn.execute("UPDATE extensions SET display_name = 'Jane Doe' WHERE number = '1001'");
      expect(
        await count(conn, 'extensions', "number = '1001' AND created_at < '2001-01-01' AND updated_at > '2001-01-01'"),
      ).toBe(1);
      // every table with updated_at has its trigger
      await conn.execute("INSERT INTO acl_entries (cidr, updated_at) VALUES ('192.0.2.0/24', '2000-01-01 00:00:00')");
      await conn.execute("UPDATE acl_entries SET permission = 'deny' WHERE cidr = '192.0.2.0/24'");
      expect(await count(conn, 'acl_entries', "cidr = '192.0.2.0/24' AND updated_at > '2001-01-01'")).toBe(1);
    });

    it('enforces the extension status check and the default status', async () => {
      await expect(
        conn.execute("INSERT INTO extensions (number, password, status) VALUES ('1002', 'x', 'bogus')"),
      ).rejects.toThrow();
      await conn.execute("INSERT INTO extensions (number, password) VALUES ('1003', 'x')");
      expect(await count(conn, 'extensions', "number = '1003' AND status = 'active'")).toBe(1);
    });

    it('deletes an IVR with its menus and their options (ON DELETE CASCADE), and holds the unique keys', async () => {
      await conn.execute("INSERT INTO ivrs (name, openai_api_key, status) VALUES ('support', 'sk-test', 'running')");
      await conn.execute("INSERT INTO ivrs (name, openai_api_key) VALUES ('sales', 'sk-test')");
      await conn.execute(
        "INSERT INTO ivr_menus (ivr_name, menu_id, prompt_text) VALUES ('support', 'main_menu', 'Press 1 for sales')",
      );
      await conn.execute(
        "INSERT INTO ivr_menus (ivr_name, menu_id, prompt_text) VALUES ('sales', 'main_menu', 'Welcome')",
      );
      const [menu] = await conn.query<{ id: unknown }>("SELECT id FROM ivr_menus WHERE ivr_name = 'support'");
      const menuId = Number(menu!.id);
      await conn.execute(
        "INSERT INTO ivr_menu_options (menu_id, digit, action_type, action_target) VALUES (?, '1', 'transfer_queue', 'queue-sales@default')",
        [menuId],
      );
      await conn.execute(
        "INSERT INTO ivr_menu_options (menu_id, digit, action_type, action_target) VALUES (?, '#', 'hangup', '')",
        [menuId],
      );
      await expect(
        conn.execute("INSERT INTO ivr_menus (ivr_name, menu_id, prompt_text) VALUES ('support', 'main_menu', 'dup')"),
      ).rejects.toThrow();
      await expect(
        conn.execute(
          "INSERT INTO ivr_menu_options (menu_id, digit, action_type, action_target) VALUES (?, '1', 'hangup', '')",
          [menuId],
        ),
      ).rejects.toThrow();
      await expect(
        conn.execute("INSERT INTO ivr_menus (ivr_name, menu_id, prompt_text) VALUES ('nobody', 'm', 'x')"),
      ).rejects.toThrow();
      await expect(
        conn.execute("INSERT INTO ivrs (name, openai_api_key, status) VALUES ('bad', 'k', 'exploded')"),
      ).rejects.toThrow();

      await conn.execute("DELETE FROM ivrs WHERE name = 'support'");
      expect(await count(conn, 'ivr_menus', "ivr_name = 'support'")).toBe(0);
      expect(await count(conn, 'ivr_menu_options', 'menu_id = ?', [menuId])).toBe(0);
      expect(await count(conn, 'ivr_menus', "ivr_name = 'sales'")).toBe(1);
    });

    it('ends with the summary: every table, its size, the totals, and FreeSWITCH accepting the schema', async () => {
      const s = await ominisSummary(conn);
      expect(s.missing).toEqual([]);
      expect(s.failedProbes).toEqual([]);
      expect(s.tables.map((t) => t.name)).toEqual([...ominisPackTables].sort());
      expect(s.totalTables).toBeGreaterThanOrEqual(ominisPackTables.length);
      const text = formatOminisSummary(s);
      expect(text).toContain(`Total tables: ${s.totalTables}`);
      expect(text).toMatch(/- acl_entries: +\d+ (bytes|kB)/);
      expect(text).toContain("FreeSWITCH's startup probes pass");
    });

    it("downgrades the ominis set alone, leaving FreeSWITCH's tables and no Ominis index on them", async () => {
      await downgrade(conn, await ominisPack.sets(), 'ominis@base', { allowDataLoss: true });
      const d = await dump(conn);
      expect(Object.keys(d.tables).sort()).toEqual([
        'agents',
        'aliases',
        'calls',
        'channels',
        'complete',
        'interfaces',
        'members',
        'nat',
        'recovery',
        'registrations',
        'tasks',
        'tiers',
      ]);
      expect(Object.keys(d.indexes).filter((i) => i.startsWith('idx_'))).toEqual([]);
      expect(d.triggers).toEqual([]);
      const states = await status(conn, await ominisPack.sets());
      expect(states.map((st) => [st.set.name, st.current])).toEqual([
        ['freeswitch/core', '0001'],
        ['freeswitch/callcenter', '0001'],
        ['ominis', null],
      ]);
    });
  });
}
