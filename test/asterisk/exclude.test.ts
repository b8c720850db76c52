// Choosing tables: an admin leaves out the modules they do not use (the seed's "sip peers, iax
// friends, voicemail, meetme, and music on hold"); upgrades skip those tables and the enum
// types only they use, the choice is recorded, and what is kept is exactly alembic's schema.

import { afterAll, describe, expect, it } from 'vitest';
import { downgrade, readSetOptions, upgrade } from '../../src/engine/index.js';
import type { Migration } from '../../src/engine/types.js';
import { exclusionOf, MODULES } from '../../src/packs/asterisk/modules.js';
import { Ops } from '../../src/schema/operations.js';
import type { ColumnType } from '../../src/schema/types.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { referenceDump } from './fixtures.js';
import { asteriskSet, expectSameSchema, schemaOf, SERVERS } from './helpers.js';

const EXCLUDED = ['sip', 'iax', 'voicemail', 'meetme', 'musiconhold'];

describe('the module table', () => {
  it('names every config table once, and each module lists every enum type its tables use', () => {
    const set = asteriskSet('config');
    const tableModule = new Map<string, string>();
    for (const [name, m] of Object.entries(MODULES))
      for (const t of m.tables) {
        expect(tableModule.has(t), `${t} in two modules`).toBe(false);
        tableModule.set(t, name);
      }
    const used = new Map<string, Set<string>>(); // module -> enum names
    const note = (table: string, type: ColumnType | undefined) => {
      if (type?.kind !== 'enum') return;
      const mod = tableModule.get(table);
      expect(mod, `table ${table} belongs to no module`).toBeDefined();
      if (!used.has(mod!)) used.set(mod!, new Set());
      used.get(mod!)!.add(type.name);
    };
    const tables = new Set<string>();
    const walk = (m: Migration, body: Migration['up'] | undefined) => {
      if (!body || !('ops' in body)) return;
      const op = new Ops('postgres');
      body.ops(op, { dialect: 'postgres', options: {} });
      for (const o of op.list) {
        if (o.op === 'createTable') {
          tables.add(o.table);
          for (const c of o.columns) note(o.table, c.type);
        } else if (o.op === 'addColumn') note(o.table, o.column.type);
        else if (o.op === 'alterColumn') note(o.table, o.type);
        else if (o.op === 'replaceEnum') {
          for (const c of o.columns) {
            note(c.table, { kind: 'enum', name: o.name, values: [] });
            note(c.table, { kind: 'enum', name: o.newName, values: o.values });
          }
        }
      }
      expect(m.version).toMatch(/^[0-9a-f]{11,12}$/);
    };
    for (const m of set.migrations) {
      walk(m, m.up);
      walk(m, m.down);
    }
    expect([...tables].sort()).toEqual([...tableModule.keys()].sort());
    for (const [mod, enums] of used) expect(MODULES[mod]!.enums, mod).toEqual(expect.arrayContaining([...enums]));
  });

  it("accepts our module names and Asterisk's, and refuses unknown ones with the list", () => {
    expect(exclusionOf(['chan_sip', 'iax'])!.modules).toEqual(['iax', 'sip']);
    expect(exclusionOf('queues,pjsip')!.tables.has('ps_endpoints')).toBe(true);
    expect(exclusionOf([])).toBeUndefined();
    expect(() => exclusionOf(['skinny'])).toThrow(/unknown Asterisk module "skinny".*/);
    // yes_no_values is used by sip, iax and voicemail: it goes only when all three go.
    expect(exclusionOf(['sip', 'iax'])!.enums.has('yes_no_values')).toBe(false);
    expect(exclusionOf(['sip', 'iax', 'voicemail'])!.enums.has('yes_no_values')).toBe(true);
  });
});

for (const s of SERVERS) {
  const ok = await available(s.backend);
  describe.skipIf(!ok)(`config without ${EXCLUDED.join(', ')} on ${s.backend}`, () => {
    const dbs: TestDb[] = [];
    // Dropping a PostgreSQL database waits for a checkpoint, which a busy server makes slow.
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db.drop()));
    }, 600_000);

    it('creates only the kept tables, exactly as alembic does, records the choice, and goes back to base', async () => {
      const db = await freshDb(s.backend, 'astex');
      dbs.push(db);
      const conn = await db.connect();
      try {
        const set = asteriskSet('config', { exclude: EXCLUDED });
        await upgrade(conn, [set]);

        const ex = exclusionOf(EXCLUDED)!;
        const expected = referenceDump('config', s.dialect);
        for (const t of ex.tables) delete expected.tables[t];
        for (const e of ex.enums) delete expected.enums[e];
        expected.sequences = expected.sequences.filter((q) => ![...ex.tables].some((t) => q.startsWith(`${t}_`)));
        expect(Object.keys(expected.tables)).not.toContain('sippeers');
        expectSameSchema(await schemaOf(conn), expected);

        expect((await readSetOptions(conn))['asterisk/config']).toEqual({
          exclude: ['iax', 'meetme', 'musiconhold', 'sip', 'voicemail'],
        });

        await downgrade(conn, [set], 'base');
        const after = await schemaOf(conn);
        expect(Object.keys(after.tables)).toEqual(['alembic_version_config']);
        expect(after.enums).toEqual({});
      } finally {
        await conn.close();
      }
    });
  });
}
