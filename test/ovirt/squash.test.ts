// squash folds a published series into a new base: a clean install from it ends with the schema
// an incremental upgrade ends with (the schema toolkit finds no difference), and databases that
// ran the folded scripts keep their history and upgrade on with the squashed tree.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { readSetHistory } from '../../src/engine/index.js';
import { ovirtApply } from '../../src/packs/ovirt/apply.js';
import { ovirtSet } from '../../src/packs/ovirt/set.js';
import { compareDatabases, scratchFrom, squash } from '../../src/packs/ovirt/squash.js';
import { available, freshDb, PG_ADMIN_URL, type BackendName, type TestDb } from '../helpers/backends.js';
import { errorOf, FIXTURE, options, schemaVersionRows, treeCopy } from './helpers.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

async function fresh(b: BackendName): Promise<Connection> {
  const db = await freshDb(b, 'ovs');
  created.push(db);
  return db.connect();
}

const outDir = () => join(mkdtempSync(join(tmpdir(), 'voipdb-squash-')), 'dbscripts');
const svLines = async (conn: Connection) =>
  (await schemaVersionRows(conn)).map((r) => `${r.version} ${r.script} ${r.checksum} ${r.state} ${r.comment}`);

describe('squash refuses what it cannot fold', () => {
  it('only the oldest series above the base, a real series, an empty output directory', async () => {
    expect((await errorOf(squash(FIXTURE, { series: '01_01', out: outDir() }))).message).toMatch(
      /cannot be folded before upgrade\/01_00_0010.*squash the oldest series first/,
    );
    expect((await errorOf(squash(FIXTURE, { series: '02_00', out: outDir() }))).message).toMatch(
      /no upgrade script of series 02_00/,
    );
    expect((await errorOf(squash(FIXTURE, { series: 'latest', out: outDir() }))).message).toMatch(/not a series/);
    expect((await errorOf(squash(FIXTURE, { series: '01_00' }))).message).toMatch(/needs --out/);
    expect((await errorOf(squash(FIXTURE, { series: '01_00', out: treeCopy() }))).kind).toBe('refused');
  });
});

for (const backend of ['postgres', 'pglite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`squash on ${backend}`, () => {
    const scratch = backend === 'postgres' ? scratchFrom(PG_ADMIN_URL) : scratchFrom();
    let squashed = '';

    it('folds series 01_00 into a new base and verifies it against the original tree', async () => {
      squashed = outDir();
      const r = await squash(FIXTURE, { series: '01_00', out: squashed, scratch });
      expect(r).toMatchObject({ series: '01_00', baseVersion: '01000060', differences: [] });
      expect(r.folded).toHaveLength(6);
      expect(readdirSync(join(squashed, 'upgrade')).filter((f) => f.endsWith('.sql'))).toEqual([
        '01_00_0000_set_version.sql',
        '01_01_0010_call_log_queue_fk.sql',
        '01_01_0020_widen_peer_label.sql',
        '01_01_0030_peer_context_not_null.sql',
      ]);
      expect(readdirSync(join(squashed, 'data'))).toEqual([
        '00000_insert_schema_version.sql',
        '00100_insert_squashed_data.sql',
      ]);
      const tables = readFileSync(join(squashed, 'create_tables.sql'), 'utf8');
      expect(tables).toContain('CREATE TABLE queue_members');
      expect(tables).not.toMatch(/CREATE (OR REPLACE )?(VIEW|FUNCTION|TRIGGER)/);
      expect(tables).not.toContain('voipdb_history');
      expect(readFileSync(join(squashed, 'data/00000_insert_schema_version.sql'), 'utf8')).toContain(
        "'01000060', 'upgrade/01_00_0060_queue_timeout_not_null.sql'",
      );
      // the squashed set: its base stands at 01000060, the cherry-pick of a folded script is still recognised
      const set = ovirtSet(squashed);
      expect(
        set.migrations
          .filter((m) => m.kind !== 'repeatable')
          .map((m) => `${m.kind} ${m.version}${m.dialects ? ' (skipped)' : ''}`),
      ).toEqual(['baseline 01000060', 'versioned 01010010', 'versioned 01010020 (skipped)', 'versioned 01010030']);
    });

    it('a clean install from the squashed base equals an incremental upgrade: schema, history, configuration', async () => {
      const incremental = await fresh(backend);
      const clean = await fresh(backend);
      try {
        await ovirtApply(incremental, ovirtSet(FIXTURE));
        const r = await ovirtApply(clean, ovirtSet(squashed));
        expect(r.steps.filter((s) => s.kind === 'versioned').map((s) => `${s.version} ${s.state}`)).toEqual([
          '01000060 applied',
          '01010010 applied',
          '01010020 skipped',
          '01010030 applied',
        ]);
        expect(await compareDatabases(incremental, clean)).toEqual([]);
        expect(await svLines(clean)).toEqual(await svLines(incremental));
        expect(await options(clean)).toEqual(await options(incremental));
        for (const t of ['sip_peers', 'queues', 'queue_members', 'queue_stats', 'codecs', 'tenants', 'peer_cache']) {
          expect(await clean.query(`SELECT * FROM ${t} ORDER BY 1`), t).toEqual(
            await incremental
              .query(`SELECT * FROM ${t} ORDER BY 1`)
              .then((rows) => (t === 'tenants' ? rows.map((x) => ({ ...x, created_at: expect.anything() })) : rows)),
          );
        }
        // and the comparison does see a difference when there is one
        await clean.exec(
          `ALTER TABLE codecs ADD COLUMN clock_rate integer; CREATE OR REPLACE FUNCTION fn_peer_uri(v_name varchar, v_host varchar) RETURNS text IMMUTABLE AS $$ SELECT 'sips:' || v_name $$ LANGUAGE sql`,
        );
        expect((await compareDatabases(incremental, clean)).map((d) => d.kind).sort()).toEqual([
          'extra-column',
          'function-definition',
        ]);
      } finally {
        await incremental.close();
        await clean.close();
      }
    });

    it('databases that ran the folded scripts keep their history and upgrade on with the squashed tree', async () => {
      const conn = await fresh(backend);
      try {
        // upgraded to the end of 01_00 with the original tree, before the squash
        const at0060 = treeCopy({
          'upgrade/01_01_0010_call_log_queue_fk.sql': null,
          'upgrade/01_01_0020_widen_peer_label.sql': null,
          'upgrade/01_01_0030_peer_context_not_null.sql': null,
        });
        await ovirtApply(conn, ovirtSet(at0060));
        const before = await svLines(conn);
        const r = await ovirtApply(conn, ovirtSet(squashed));
        expect(r.installed).toBe(false);
        expect(r.steps.filter((s) => s.kind === 'versioned').map((s) => `${s.version} ${s.state}`)).toEqual([
          '01010010 applied',
          '01010020 skipped',
          '01010030 applied',
        ]);
        expect((await svLines(conn)).slice(0, before.length)).toEqual(before);
        const history = await readSetHistory(conn, 'ovirt');
        expect(
          history.filter((h) => h.kind === 'versioned' && h.version!.startsWith('0100')).map((h) => h.version),
        ).toEqual(['01000010', '01000020', '01000030', '01000040', '01000050', '01000060']);
        const reference = await fresh(backend);
        try {
          await ovirtApply(reference, ovirtSet(FIXTURE));
          expect(await compareDatabases(reference, conn)).toEqual([]);
        } finally {
          await reference.close();
        }
        expect((await ovirtApply(conn, ovirtSet(squashed))).steps).toEqual([]);
      } finally {
        await conn.close();
      }
    });

    it('a database in the middle of the folded series is refused: it must finish the series with the original tree', async () => {
      const conn = await fresh(backend);
      try {
        // the tree as it was at 01_00_0030: its view did not know label and transport yet
        const view = readFileSync(join(FIXTURE, 'create_views.sql'), 'utf8').replace(
          'p.context, p.label, p.transport,',
          'p.context,',
        );
        const later = [
          '01_00_0040_rename_peer_description',
          '01_00_0050_widen_peer_label',
          '01_00_0060_queue_timeout_not_null',
          '01_01_0010_call_log_queue_fk',
          '01_01_0020_widen_peer_label',
          '01_01_0030_peer_context_not_null',
        ];
        const at0030 = treeCopy({
          'create_views.sql': view,
          ...Object.fromEntries(later.map((f) => [`upgrade/${f}.sql`, null])),
        });
        await ovirtApply(conn, ovirtSet(at0030));
        const e = await errorOf(ovirtApply(conn, ovirtSet(squashed)));
        expect(e.kind).toBe('refused');
        expect(e.message).toMatch(/at 01000030, inside what the base folds \(up to 01000060\)/);
        expect((await schemaVersionRows(conn)).at(-1)!.version).toBe('01000030');
      } finally {
        await conn.close();
      }
    });
  });
}
