// The freeswitch pack against FreeSWITCH's own DDL, on every back-end: a database made from the
// DDL FreeSWITCH runs (the oracle) and one made by voipdb have the same tables column by column,
// the same indexes, the same views; FreeSWITCH's startup probes pass on voipdb's (so FreeSWITCH
// keeps it); and both views return the joined row for a bridged call.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { upgrade, status } from '../../src/engine/index.js';
import { failingProbes, freeswitchPack } from '../../src/packs/freeswitch/index.js';
import { coreTables } from '../../src/packs/freeswitch/core.js';
import { callcenterTables } from '../../src/packs/freeswitch/callcenter.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import { dump, type Dump } from './dump.js';
import { applyFreeswitchDdl } from './oracle.js';

/** What FreeSWITCH itself lets fail on each back-end (see dialectFacts in src/packs/freeswitch/core.ts). */
const expectedTolerated: Record<string, string[]> = {
  postgres: [],
  pglite: [],
  sqlite: [],
  mariadb: ['CREATE TABLE channels (', 'create index complete11 on complete (a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,hostname)'],
};

async function insertBridgedCall(conn: Connection): Promise<void> {
  const channel = (uuid: string, direction: string, name: string, extra: Record<string, unknown> = {}) => {
    const row: Record<string, unknown> = {
      uuid,
      direction,
      created: '2026-03-01 10:00:00',
      created_epoch: 1772359200,
      name,
      state: 'CS_EXCHANGE_MEDIA',
      cid_name: 'Alice',
      cid_num: '1001',
      ip_addr: '10.42.0.7',
      dest: '1002',
      application: 'bridge',
      application_data: 'user/1002',
      dialplan: 'XML',
      context: 'default',
      read_codec: 'PCMU',
      read_rate: '8000',
      read_bit_rate: '64000',
      write_codec: 'PCMU',
      write_rate: '8000',
      write_bit_rate: '64000',
      secure: '',
      hostname: 'fs1',
      presence_id: '1001@pbx',
      presence_data: '',
      accountcode: 'sales',
      callstate: 'ACTIVE',
      callee_name: 'Bob',
      callee_num: '1002',
      callee_direction: 'SEND',
      call_uuid: 'call-1',
      sent_callee_name: 'Bob',
      sent_callee_num: '1002',
      initial_cid_name: 'Alice',
      initial_cid_num: '1001',
      initial_ip_addr: '10.42.0.7',
      initial_dest: '1002',
      initial_dialplan: 'XML',
      initial_context: 'default',
      ...extra,
    };
    const cols = Object.keys(row);
    return conn.execute(
      `INSERT INTO channels (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      Object.values(row),
    );
  };
  await channel('leg-a', 'inbound', 'sofia/internal/1001@pbx');
  await channel('leg-b', 'outbound', 'sofia/internal/1002@pbx', {
    cid_name: 'Alice',
    dest: '1002',
    callee_direction: 'RECV',
    application: '',
  });
  await conn.execute(
    'INSERT INTO calls (call_uuid, call_created, call_created_epoch, caller_uuid, callee_uuid, hostname) VALUES (?, ?, ?, ?, ?, ?)',
    ['call-1', '2026-03-01 10:00:01', 1772359201, 'leg-a', 'leg-b', 'fs1'],
  );
  // a channel on its own (ringing, not bridged): listed with empty b-leg columns
  await channel('leg-c', 'inbound', 'sofia/internal/1003@pbx', {
    cid_num: '1003',
    call_uuid: 'leg-c',
    callstate: 'RINGING',
  });
}

async function viewRows(conn: Connection, view: string): Promise<Record<string, unknown>[]> {
  const rows = await conn.query<Record<string, unknown>>(`SELECT * FROM ${view} ORDER BY uuid`);
  // numbers may come back as strings from some drivers: compare as text
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
}

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`freeswitch pack on ${backend}`, () => {
    let oracleDb: TestDb;
    let voipdbDb: TestDb;
    let oracle: Connection;
    let ours: Connection;
    let tolerated: string[];
    let expected: Dump;
    let actual: Dump;

    beforeAll(async () => {
      oracleDb = await freshDb(backend, 'fsoracle');
      voipdbDb = await freshDb(backend, 'fspack');
      oracle = await oracleDb.connect();
      ours = await voipdbDb.connect();
      tolerated = [
        ...(await applyFreeswitchDdl(oracle, 'core.sql')),
        ...(await applyFreeswitchDdl(oracle, 'callcenter.sql')),
      ];
      await upgrade(ours, await freeswitchPack.sets());
      expected = await dump(oracle);
      actual = await dump(ours);
    });

    afterAll(async () => {
      await oracle?.close();
      await ours?.close();
      await oracleDb?.drop();
      await voipdbDb?.drop();
    });

    it('FreeSWITCH itself fails only where expected on this back-end', () => {
      expect(tolerated).toEqual(expectedTolerated[backend]);
    });

    it('has the same tables, column by column', () => {
      expect(Object.keys(actual.tables).sort()).toEqual([...coreTables, ...callcenterTables].sort());
      expect(Object.keys(actual.tables).sort()).toEqual(Object.keys(expected.tables).sort());
      for (const table of Object.keys(expected.tables)) {
        expect.soft(actual.tables[table], `table ${table}`).toEqual(expected.tables[table]);
      }
    });

    it('has the same indexes, index by index', () => {
      expect(Object.keys(actual.indexes).sort()).toEqual(Object.keys(expected.indexes).sort());
      for (const name of Object.keys(expected.indexes))
        expect.soft(actual.indexes[name], `index ${name}`).toEqual(expected.indexes[name]);
    });

    it('has the same views with the same columns', () => {
      expect(actual.views).toEqual(expected.views);
      expect(actual.views.detailed_calls).toHaveLength(65);
      expect(actual.views.basic_calls).toHaveLength(41);
    });

    it("passes FreeSWITCH's and mod_callcenter's startup probes", async () => {
      expect(await failingProbes(ours)).toEqual([]);
      const detected = await freeswitchPack.detect!(oracle);
      expect(detected).toEqual([
        { set: 'freeswitch/core', version: '0001' },
        { set: 'freeswitch/callcenter', version: '0001' },
      ]);
    });

    it('records both sets at head', async () => {
      const states = await status(ours, await freeswitchPack.sets());
      expect(states.map((s) => [s.set.name, s.current, s.upToDate])).toEqual([
        ['freeswitch/core', '0001', true],
        ['freeswitch/callcenter', '0001', true],
      ]);
    });

    it('returns the joined row of a bridged call from detailed_calls and basic_calls', async () => {
      await insertBridgedCall(ours);
      await insertBridgedCall(oracle);
      const detailed = await viewRows(ours, 'detailed_calls');
      expect(detailed.map((r) => [r.uuid, r.b_uuid, r.call_created_epoch])).toEqual([
        ['leg-a', 'leg-b', '1772359201'],
        ['leg-c', null, null],
      ]);
      expect(detailed[0]).toMatchObject({
        name: 'sofia/internal/1001@pbx',
        b_name: 'sofia/internal/1002@pbx',
        b_direction: 'outbound',
        application: 'bridge',
        b_callee_direction: 'RECV',
        b_call_uuid: 'call-1',
      });
      const basic = await viewRows(ours, 'basic_calls');
      expect(basic.map((r) => [r.uuid, r.b_uuid, r.call_created_epoch])).toEqual([
        ['leg-a', 'leg-b', '1772359201'],
        ['leg-c', null, null],
      ]);
      expect(basic[0]).toMatchObject({ hostname: 'fs1', b_name: 'sofia/internal/1002@pbx', b_cid_num: '1001' });
      expect(basic[0]).not.toHaveProperty('application');
      // the same rows as FreeSWITCH's own views give
      expect(detailed).toEqual(await viewRows(oracle, 'detailed_calls'));
      expect(basic).toEqual(await viewRows(oracle, 'basic_calls'));
    });
  });
}
