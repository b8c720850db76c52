// Replacing a native enum on PostgreSQL while rows use it (Asterisk's _v2 pattern).

import { afterAll, describe, expect, test } from 'vitest';
import { diffModels } from '../../src/schema/diff.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { col, t, value } from '../../src/schema/operations.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { applyOps } from './helpers.js';

const DTMF = ['rfc4733', 'inband', 'info'];

for (const b of ['postgres', 'pglite', 'mariadb', 'sqlite'] as const) {
  describe.skipIf(!(await available(b)))(`replaceEnum on ${b}`, () => {
    const dbs: TestDb[] = [];
    afterAll(async () => {
      for (const d of dbs) await d.drop();
    });

    for (const newName of ['pjsip_dtmf_mode_values_v2', 'pjsip_dtmf_mode_values']) {
      test(`rows keep their values (new type ${newName})`, async () => {
        const db = await freshDb(b, 'vt_enum');
        dbs.push(db);
        const conn = await db.connect();
        try {
          const model = await applyOps(conn, (op) => {
            op.createTable('ps_endpoints', [
              col('id', t.string(40), { primaryKey: true }),
              col('dtmf_mode', t.enum('pjsip_dtmf_mode_values', DTMF), { default: value('rfc4733') }),
            ]);
            op.insertRows('ps_endpoints', [
              { id: '1', dtmf_mode: 'inband' },
              { id: '2', dtmf_mode: 'info' },
              { id: '3' },
            ]);
          });
          const after = await applyOps(
            conn,
            (op) =>
              op.replaceEnum(
                'pjsip_dtmf_mode_values',
                newName,
                [...DTMF, 'auto'],
                [{ table: 'ps_endpoints', column: 'dtmf_mode' }],
              ),
            model,
          );
          const rows = await conn.query<{ id: string; dtmf_mode: string }>(
            'SELECT id, dtmf_mode FROM ps_endpoints ORDER BY id',
          );
          expect(rows.map((r) => r.dtmf_mode)).toEqual(['inband', 'info', 'rfc4733']);
          await conn.execute("INSERT INTO ps_endpoints (id, dtmf_mode) VALUES ('4', 'auto')");
          await conn.execute("INSERT INTO ps_endpoints (id) VALUES ('5')");
          expect(
            (await conn.query<{ dtmf_mode: string }>("SELECT dtmf_mode FROM ps_endpoints WHERE id = '5'"))[0]!
              .dtmf_mode,
          ).toBe('rfc4733');
          const got = await introspect(conn);
          expect(diffModels(after, got, conn.dialect)).toEqual([]);
          if (conn.dialect === 'postgres') expect(Object.keys(got.enums)).toEqual([newName]);
        } finally {
          await conn.close();
        }
      });
    }
  });
}
