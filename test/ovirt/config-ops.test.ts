// The fn_db_* helpers as voipdb operations, on every dialect: migrations written with `op.*`
// keep vdc_options with the document's semantics, and a stale default update fails loudly.

import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { readSetHistory, upgrade } from '../../src/engine/index.js';
import type { Migration, ScriptSet } from '../../src/engine/types.js';
import {
  addColumn,
  addConfigValue,
  changeColumnNull,
  changeColumnType,
  createIndex,
  createVdcOptions,
  deleteConfigValue,
  renameColumn,
  renameConfigKey,
  splitConfigValue,
  updateConfigValue,
  updateDefaultConfigValue,
} from '../../src/packs/ovirt/config-ops.js';
import type { Ops } from '../../src/schema/operations.js';
import { col, t } from '../../src/schema/operations.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import { errorOf } from './helpers.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

const m = (version: string, description: string, up: (op: Ops) => void): Migration => ({
  version,
  description,
  kind: 'versioned',
  script: `${version}.ts`,
  up: { ops: up },
});

const base: Migration[] = [
  m('1', 'config table and options', (op) => {
    createVdcOptions(op);
    op.createTable('peers', [
      col('id', t.integer(), { primaryKey: true, nullable: false }),
      col('descr', t.string(40)),
      col('port', t.integer()),
    ]);
    op.insertRows('peers', [
      { id: 1, descr: 'a', port: null },
      { id: 2, descr: null, port: 5060 },
    ]);
    op.insertRows('vdc_options', [
      { option_name: 'EnableVideo', option_value: 'false', version: '1.0', default_value: 'false' },
      { option_name: 'EnableVideo', option_value: 'true', version: '1.1', default_value: 'true' },
      { option_name: 'DBEngine', option_value: 'Mysql', version: 'general', default_value: 'Mysql' },
      { option_name: 'LegacyDtmfMode', option_value: 'inband', version: 'general', default_value: 'inband' },
    ]);
  }),
  m('2', 'config changes', (op) => {
    addConfigValue(op, 'AllowedCodecs', 'ulaw,alaw');
    addConfigValue(op, 'AllowedCodecs', 'ignored: already there');
    addConfigValue(op, 'MaxCalls', '2');
    addConfigValue(op, 'Timeout', '30');
    updateConfigValue(op, 'DBEngine', 'Postgres');
    deleteConfigValue(op, 'LegacyDtmfMode');
    renameConfigKey(op, 'MaxCalls', 'MaxCallsPerPeer');
    addConfigValue(op, 'SrtpMode', 'optional');
    splitConfigValue(op, 'SrtpMode', 'optional', 'required', '1.1');
  }),
  m('3', 'the admin sets Timeout', (op) => {
    op.sql(`UPDATE vdc_options SET option_value = '45' WHERE option_name = 'Timeout'`);
  }),
  m('4', 'u1 and the next default moves', (op) => {
    updateDefaultConfigValue(op, 'AllowedCodecs', 'ulaw,alaw', 'ulaw,alaw,g722');
    updateDefaultConfigValue(op, 'Timeout', '30', '60');
  }),
  m('5', 'schema helpers', (op) => {
    addColumn(op, 'peers', col('transport', t.string(10), { nullable: false, default: { value: 'udp' } }));
    changeColumnType(op, 'peers', 'descr', t.string(255), { type: t.string(40), nullable: true });
    changeColumnNull(op, 'peers', 'port', false, 5060, t.integer());
    renameColumn(op, 'peers', 'descr', 'label');
    createIndex(op, 'idx_peers_port', 'peers', ['port']);
  }),
];

async function options(conn: Connection): Promise<string[]> {
  const rows = await conn.query<{
    option_name: string;
    option_value: string;
    version: string;
    default_value: string | null;
  }>(`SELECT option_name, option_value, version, default_value FROM vdc_options ORDER BY option_name, version`);
  return rows.map((r) => `${r.option_name}@${r.version}=${r.option_value} (default ${r.default_value})`);
}

const set = (migrations: Migration[]): ScriptSet => ({ name: 'app', migrations });

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`oVirt config operations on ${backend}`, () => {
    it('keep vdc_options as the fn_db_* helpers do', async () => {
      const db = await freshDb(backend, 'ovc');
      created.push(db);
      const conn = await db.connect();
      try {
        await upgrade(conn, [set(base)]);
        expect(await options(conn)).toEqual([
          'AllowedCodecs@general=ulaw,alaw,g722 (default ulaw,alaw,g722)',
          'DBEngine@general=Postgres (default Postgres)',
          'EnableVideo@1.0=false (default false)',
          'EnableVideo@1.1=true (default true)',
          'MaxCallsPerPeer@general=2 (default 2)',
          'SrtpMode@1.0=optional (default optional)',
          'SrtpMode@1.1=required (default required)',
          'Timeout@general=45 (default 60)',
        ]);
        const peers = await conn.query<{ id: number; label: string | null; port: number; transport: string }>(
          `SELECT id, label, port, transport FROM peers ORDER BY id`,
        );
        expect(peers.map((p) => [Number(p.id), p.label, Number(p.port), p.transport])).toEqual([
          [1, 'a', 5060, 'udp'],
          [2, null, 5060, 'udp'],
        ]);
        await expect(conn.execute(`INSERT INTO peers (id, port) VALUES (3, NULL)`)).rejects.toThrow();
      } finally {
        await conn.close();
      }
    });

    it('the u1/u2 example: a default update from a default another script moved fails loudly; the corrected one applies', async () => {
      const db = await freshDb(backend, 'ovc');
      created.push(db);
      const conn = await db.connect();
      try {
        await upgrade(conn, [set(base)]);
        const u2 = m('6', 'u2 written against the old default', (op) =>
          updateDefaultConfigValue(op, 'AllowedCodecs', 'ulaw,alaw', 'ulaw,alaw,opus'),
        );
        const e = await errorOf(upgrade(conn, [set([...base, u2])]));
        expect(e.kind).toBe('migration-failed');
        expect(e.message).toMatch(/AllowedCodecs.*another script already moved that default/);
        expect((await options(conn))[0]).toBe('AllowedCodecs@general=ulaw,alaw,g722 (default ulaw,alaw,g722)');
        const fixed = m('6', 'u2 from the current default', (op) =>
          updateDefaultConfigValue(op, 'AllowedCodecs', 'ulaw,alaw,g722', 'ulaw,alaw,g722,opus'),
        );
        await upgrade(conn, [set([...base, fixed])]);
        expect((await options(conn))[0]).toBe(
          'AllowedCodecs@general=ulaw,alaw,g722,opus (default ulaw,alaw,g722,opus)',
        );
        // (MySQL resumes the failed row at the failed statement; the others record a new row)
        expect((await readSetHistory(conn, 'app')).filter((r) => r.version === '6').at(-1)!.state).toBe('applied');
      } finally {
        await conn.close();
      }
    });
  });
}
