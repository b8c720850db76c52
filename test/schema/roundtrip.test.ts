// model -> DDL -> database -> introspection -> the same model, on every back-end.

import { afterAll, describe, expect, test } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { diffModels } from '../../src/schema/diff.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import { changeEverything, createEverything, everyOperation, naming } from '../fixtures/schema/every-operation.js';
import { applyOps } from './helpers.js';

for (const b of ALL_BACKENDS) {
  describe.skipIf(!(await available(b)))(`round trip on ${b}`, () => {
    const dbs: TestDb[] = [];
    afterAll(async () => {
      for (const d of dbs) await d.drop();
    });
    async function open(): Promise<Connection> {
      const db = await freshDb(b, 'vt_rt');
      dbs.push(db);
      return db.connect();
    }

    test('every column type reads back as created', async () => {
      const conn = await open();
      try {
        const model = await applyOps(conn, createEverything, undefined, naming);
        const got = await introspect(conn);
        expect(diffModels(model, got, conn.dialect)).toEqual([]);
        const cdr = got.tables.cdr!;
        const kind = (c: string) => cdr.columns.find((x) => x.name === c)!.type.kind;
        expect(cdr.columns.find((c) => c.name === 'id')!.autoIncrement).toBe(true);
        expect(['accountcode', 'flag', 'note', 'rate', 'd', 'time', 'dt', 'meta'].map(kind)).toEqual([
          'string',
          'boolean',
          'text',
          'numeric',
          'date',
          'time',
          b === 'mariadb' ? 'datetime' : b === 'sqlite' ? 'datetime' : 'timestamp',
          'json',
        ]);
        const dm = got.tables.ps_endpoints!.columns.find((c) => c.name === 'direct_media')!;
        expect(dm.type.kind === 'enum' && dm.type.values).toEqual(['yes', 'no']);
        expect(got.tables.cdr!.foreignKeys[0]).toMatchObject({
          columns: ['endpoint'],
          refTable: 'ps_endpoints',
          onDelete: 'CASCADE',
        });
        if (b !== 'mariadb') expect(got.indexes.cdr_billed!.where).toMatch(/billsec > 0/);
        else expect(got.indexes.cdr_note_prefix!.lengths).toEqual({ note: 32 });
        if (conn.dialect === 'postgres') expect(got.enums.yes_no_values!.values).toEqual(['yes', 'no']);
      } finally {
        await conn.close();
      }
    });

    test('every operation, then introspection: no difference, seed rows written as given', async () => {
      const conn = await open();
      try {
        const model = await applyOps(conn, everyOperation, undefined, naming);
        const got = await introspect(conn);
        expect(diffModels(model, got, conn.dialect)).toEqual([]);
        expect(Object.keys(got.views)).toEqual(['cdr_billed_v']);
        expect(Object.keys(got.triggers)).toEqual(['cdr_touch']);
        const rows = await conn.query<{ id: string; end: string; dtmf_mode: string | null }>(
          `SELECT id, ${conn.dialect === 'mysql' ? '`end`' : '"end"'} AS end FROM ps_endpoints ORDER BY id`,
        );
        expect(rows.map((r) => r.end)).toEqual(["it's \\ a 'quote'", 'é;ü', 'x']);
        // applying the seed rows again changes nothing (idempotent upsert)
        await applyOps(conn, (op) => op.insertRows('ps_endpoints', [{ id: '100', end: 'other' }]), model, naming);
        const again = await conn.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM ps_endpoints');
        expect(Number(again[0]!.n)).toBe(3);
      } finally {
        await conn.close();
      }
    });

    test('the model returned by rendering equals the one applyOperation builds step by step', async () => {
      const conn = await open();
      try {
        const first = await applyOps(conn, createEverything, undefined, naming);
        const second = await applyOps(conn, changeEverything, first, naming);
        expect(diffModels(second, await introspect(conn), conn.dialect)).toEqual([]);
        expect(Object.keys(await introspect(conn, { tables: ['cdr'] }).then((m) => m.tables))).toEqual(['cdr']);
        expect(Object.keys(await introspect(conn, { exclude: ['cdr'] }).then((m) => m.tables))).toEqual([
          'ps_endpoints',
          'queue_members',
        ]);
      } finally {
        await conn.close();
      }
    });
  });
}
