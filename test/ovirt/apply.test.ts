// The oVirt upgrade discipline on the project's own dbscripts tree (test/fixtures/ovirt-dbscripts),
// on PostgreSQL and PGlite: clean install, re-runs, incremental upgrades, and every rule that
// stops a run (duplicate version, gap, __temp_ leftovers, bad --#source).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { md5 } from '../../src/packs/ovirt/tree.js';
import { readSetHistory, status, upgrade } from '../../src/engine/index.js';
import { ovirtApply } from '../../src/packs/ovirt/apply.js';
import { ovirtSet } from '../../src/packs/ovirt/set.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { columns, errorOf, FIXTURE, options, schemaVersionRows, treeCopy } from './helpers.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

async function fresh(b: BackendName) {
  const db = await freshDb(b, 'ovirt');
  created.push(db);
  return db.connect();
}

const ALL_SCRIPTS = [
  '01000010 upgrade/01_00_0010_add_peer_transport.sql INSTALLED',
  '01000020 upgrade/01_00_0020_create_queue_members.sql INSTALLED',
  '01000030 upgrade/01_00_0030_backfill_queue_stats.sql INSTALLED',
  '01000040 upgrade/01_00_0040_rename_peer_description.sql INSTALLED',
  '01000050 upgrade/01_00_0050_widen_peer_label.sql INSTALLED',
  '01000060 upgrade/01_00_0060_queue_timeout_not_null.sql INSTALLED',
  '01010010 upgrade/01_01_0010_call_log_queue_fk.sql INSTALLED',
  '01010020 upgrade/01_01_0020_widen_peer_label.sql SKIPPED',
  '01010030 upgrade/01_01_0030_peer_context_not_null.sql INSTALLED',
];

const svLines = async (conn: Awaited<ReturnType<typeof fresh>>) =>
  (await schemaVersionRows(conn)).map((r) => `${r.version} ${r.script} ${r.state}`);

for (const backend of ['postgres', 'pglite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`oVirt dbscripts on ${backend}`, () => {
    it('clean install: base files, pre_upgrade, upgrade scripts in order, views and procedures recreated, post_upgrade', async () => {
      const conn = await fresh(backend);
      try {
        const r = await ovirtApply(conn, ovirtSet(FIXTURE));
        expect(r.installed).toBe(true);
        expect(r.steps.map((s) => `${s.kind} ${s.script}${s.state === 'skipped' ? ' (skipped)' : ''}`)).toEqual([
          'versioned create_tables.sql',
          'pre (ovirt prepare)',
          'pre upgrade/pre_upgrade/0000_config.sql',
          'pre upgrade/pre_upgrade/0010_custom.sql',
          'versioned upgrade/01_00_0010_add_peer_transport.sql',
          'versioned upgrade/01_00_0020_create_queue_members.sql',
          'versioned upgrade/01_00_0030_backfill_queue_stats.sql',
          'versioned upgrade/01_00_0040_rename_peer_description.sql',
          'versioned upgrade/01_00_0050_widen_peer_label.sql',
          'versioned upgrade/01_00_0060_queue_timeout_not_null.sql',
          'versioned upgrade/01_01_0010_call_log_queue_fk.sql',
          'versioned upgrade/01_01_0020_widen_peer_label.sql (skipped)',
          'versioned upgrade/01_01_0030_peer_context_not_null.sql',
          'repeatable (views and stored procedures)',
          'post upgrade/post_upgrade/0010_refresh_peer_cache.sql',
        ]);

        // schema_version as schema.sh writes it: seed row, one row per script, cherry-pick SKIPPED, current on the last
        const sv = await schemaVersionRows(conn);
        expect(sv.map((r) => `${r.version} ${r.script} ${r.state}`)).toEqual([
          '01000000 upgrade/01_00_0000_set_version.sql INSTALLED',
          ...ALL_SCRIPTS,
        ]);
        expect(sv.filter((r) => r.current).map((r) => r.version)).toEqual(['01010030']);
        const skipped = sv.find((r) => r.version === '01010020')!;
        expect(skipped.comment).toBe('Installed already by 01000050');
        const file = readFileSync(join(FIXTURE, 'upgrade/01_00_0010_add_peer_transport.sql'));
        expect(sv.find((r) => r.version === '01000010')!.checksum).toBe(md5(file));

        // what the scripts did
        const peers = await columns(conn, 'sip_peers');
        expect(peers.map((c) => c.column_name)).toEqual([
          'peer_id',
          'tenant_id',
          'name',
          'host',
          'context',
          'label',
          'transport',
        ]);
        expect(peers.find((c) => c.column_name === 'label')!.character_maximum_length).toBe(255);
        expect(peers.find((c) => c.column_name === 'context')!.is_nullable).toBe('NO');
        const queues = await columns(conn, 'queues');
        expect(queues.find((c) => c.column_name === 'timeout')).toMatchObject({
          data_type: 'bigint',
          is_nullable: 'NO',
          column_default: '30',
        });
        expect((await columns(conn, 'tenants')).map((c) => c.column_name)).toContain('max_peers');
        expect((await columns(conn, 'calls')).length).toBeGreaterThan(0);
        expect(await conn.query(`SELECT members FROM queue_stats`)).toEqual([{ members: 2 }]);
        expect(await conn.query(`SELECT label FROM sip_peers ORDER BY name`)).toEqual([
          { label: 'RECEPTION' },
          { label: 'OFFICE' },
        ]);

        // configuration from pre_upgrade/0000_config.sql
        expect(await options(conn)).toEqual([
          'AllowedCodecs@general=ulaw,alaw,g722,opus (default ulaw,alaw,g722,opus)',
          'EnableVideo@1.0=false (default false)',
          'EnableVideo@1.1=true (default true)',
          'MaxCallsPerPeer@general=2 (default 2)',
          'RecordingFormat@general=wav49 (default wav49)',
          'RtpPorts@general=10000-20000 (default 10000-20000)',
          'SrtpMode@1.0=optional (default optional)',
          'SrtpMode@1.1=required (default required)',
        ]);

        // views, procedures, the trigger, the post-upgrade table; no __temp_ function left
        expect(
          await conn.query(`SELECT name, uri FROM GetPeerByName('6a1f2a3e-0000-4000-8000-000000000001', '1001')`),
        ).toEqual([{ name: '1001', uri: 'sip:1001@dynamic' }]);
        expect(await conn.query(`SELECT count(*)::int AS n FROM queue_members_view`)).toEqual([{ n: 2 }]);
        expect(await conn.query(`SELECT count(*)::int AS n FROM peer_cache`)).toEqual([{ n: 2 }]);
        expect(await conn.query(`SELECT tgname FROM pg_trigger WHERE tgname = 'trg_queue_touch'`)).toHaveLength(1);
        expect(await conn.query(`SELECT proname FROM pg_proc WHERE proname LIKE '\\_\\_temp%'`)).toEqual([]);

        const [st] = await status(conn, [ovirtSet(FIXTURE)]);
        expect(st!.upToDate).toBe(true);
        expect(st!.current).toBe('01010030');
      } finally {
        await conn.close();
      }
    });

    it('a second apply runs nothing; a changed procedure file refreshes views and procedures only', async () => {
      const conn = await fresh(backend);
      try {
        await ovirtApply(conn, ovirtSet(FIXTURE));
        expect((await ovirtApply(conn, ovirtSet(FIXTURE))).steps).toEqual([]);
        const peersSp = readFileSync(join(FIXTURE, 'peers_sp.sql'), 'utf8');
        const dir = treeCopy({
          'peers_sp.sql':
            peersSp +
            '\nCREATE OR REPLACE FUNCTION GetPeerCount() RETURNS bigint STABLE AS $PROCEDURE$ SELECT count(*) FROM sip_peers $PROCEDURE$ LANGUAGE sql;\n',
        });
        const r = await ovirtApply(conn, ovirtSet(dir));
        const kinds = r.steps.map((s) => s.kind);
        expect(kinds).not.toContain('versioned');
        expect(kinds.filter((k) => k !== 'drop-repeatables')).toEqual(['pre', 'pre', 'pre', 'repeatable', 'post']);
        expect(await conn.query(`SELECT GetPeerCount()::int AS n`)).toEqual([{ n: 2 }]);
        expect(await svLines(conn)).toHaveLength(10);
      } finally {
        await conn.close();
      }
    });

    it('upgrades an older database with only the scripts newer than it', async () => {
      const conn = await fresh(backend);
      try {
        const old = treeCopy({
          'upgrade/01_01_0010_call_log_queue_fk.sql': null,
          'upgrade/01_01_0020_widen_peer_label.sql': null,
          'upgrade/01_01_0030_peer_context_not_null.sql': null,
        });
        await ovirtApply(conn, ovirtSet(old));
        expect((await svLines(conn)).at(-1)).toBe('01000060 upgrade/01_00_0060_queue_timeout_not_null.sql INSTALLED');
        const r = await ovirtApply(conn, ovirtSet(FIXTURE));
        expect(r.steps.filter((s) => s.kind === 'versioned').map((s) => `${s.version} ${s.state}`)).toEqual([
          '01010010 applied',
          '01010020 skipped',
          '01010030 applied',
        ]);
        expect(await svLines(conn)).toEqual(['01000000 upgrade/01_00_0000_set_version.sql INSTALLED', ...ALL_SCRIPTS]);
        expect((await schemaVersionRows(conn)).filter((x) => x.current).map((x) => x.version)).toEqual(['01010030']);
      } finally {
        await conn.close();
      }
    });

    it('a duplicate version stops the run before anything runs', async () => {
      const conn = await fresh(backend);
      try {
        await ovirtApply(conn, ovirtSet(FIXTURE));
        const dir = treeCopy({
          'upgrade/01_01_0040_first.sql': 'CREATE TABLE dup_one (id int);\n',
          'upgrade/01_01_0040_second.sql': 'CREATE TABLE dup_two (id int);\n',
        });
        const e = await errorOf(ovirtApply(conn, ovirtSet(dir)));
        expect(e.kind).toBe('integrity');
        expect(e.message).toMatch(/01010040.*01_01_0040_first\.sql.*01_01_0040_second\.sql/);
        expect(await conn.query(`SELECT 1 FROM pg_tables WHERE tablename LIKE 'dup_%'`)).toEqual([]);
        expect(await svLines(conn)).toHaveLength(10);
      } finally {
        await conn.close();
      }
    });

    it('a gap larger than 10 within a series is an error; a new series may start anywhere', async () => {
      const conn = await fresh(backend);
      try {
        await ovirtApply(conn, ovirtSet(FIXTURE));
        const gap = treeCopy({ 'upgrade/01_01_0050_too_far.sql': 'CREATE TABLE gap_one (id int);\n' });
        const e = await errorOf(ovirtApply(conn, ovirtSet(gap)));
        expect(e.kind).toBe('integrity');
        expect(e.message).toMatch(/01010050.*more than 10 after 01010030/);
        expect(await conn.query(`SELECT 1 FROM pg_tables WHERE tablename = 'gap_one'`)).toEqual([]);

        const series = treeCopy({ 'upgrade/01_02_0070_next_series.sql': 'CREATE TABLE next_series (id int);\n' });
        const r = await ovirtApply(conn, ovirtSet(series));
        expect(r.steps.filter((s) => s.kind === 'versioned').map((s) => s.version)).toEqual(['01020070']);
      } finally {
        await conn.close();
      }
    });

    it('a __temp_ function left by a script fails that script, naming the function and the script', async () => {
      const conn = await fresh(backend);
      try {
        await ovirtApply(conn, ovirtSet(FIXTURE));
        const leftover = `CREATE TABLE temp_victim (id int);
CREATE OR REPLACE FUNCTION __temp_fill_victim() RETURNS void AS $FUNCTION$ BEGIN INSERT INTO temp_victim VALUES (1); END;$FUNCTION$ LANGUAGE plpgsql;
SELECT __temp_fill_victim();
`;
        const dir = treeCopy({ 'upgrade/01_01_0040_forgets_its_temp.sql': leftover });
        const e = await errorOf(ovirtApply(conn, ovirtSet(dir)));
        expect(e.kind).toBe('migration-failed');
        expect(e.message).toContain('__temp_fill_victim()');
        expect(e.message).toContain('upgrade/01_01_0040_forgets_its_temp.sql');
        // nothing of the script stays, and schema_version has no row for it
        expect(await conn.query(`SELECT 1 FROM pg_tables WHERE tablename = 'temp_victim'`)).toEqual([]);
        expect(await conn.query(`SELECT 1 FROM pg_proc WHERE proname = '__temp_fill_victim'`)).toEqual([]);
        expect(await svLines(conn)).toHaveLength(10);

        // the 'drop' rule (for trees that cannot be fixed): the script runs, the leftover goes
        const r = await ovirtApply(conn, ovirtSet(dir, { tempFunctions: 'drop' }));
        expect(r.steps.filter((s) => s.kind === 'versioned').map((s) => s.version)).toEqual(['01010040']);
        expect(await conn.query(`SELECT id FROM temp_victim`)).toEqual([{ id: 1 }]);
        expect(await conn.query(`SELECT 1 FROM pg_proc WHERE proname = '__temp_fill_victim'`)).toEqual([]);
      } finally {
        await conn.close();
      }
    });

    it('a __temp_ function left by a pre-upgrade hook fails the hook', async () => {
      const conn = await fresh(backend);
      try {
        await ovirtApply(conn, ovirtSet(FIXTURE));
        const dir = treeCopy({
          'upgrade/pre_upgrade/0020_sloppy.sql': `CREATE OR REPLACE FUNCTION __temp_sloppy() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nSELECT __temp_sloppy();\n`,
          'upgrade/01_01_0040_anything.sql': 'SELECT 1;\n',
        });
        const e = await errorOf(ovirtApply(conn, ovirtSet(dir)));
        expect(e.message).toContain('__temp_sloppy()');
        expect(e.message).toContain('upgrade/pre_upgrade/0020_sloppy.sql');
      } finally {
        await conn.close();
      }
    });

    it('--#source loads a helper first: only *_sp.sql files of the tree', async () => {
      expect(ovirtSet(FIXTURE).migrations.find((m) => m.version === '01000030')!.sources).toHaveLength(1);
      const bad = treeCopy({ 'upgrade/01_01_0040_bad_source.sql': '--#source create_views.sql\nSELECT 1;\n' });
      const e = await errorOf(Promise.resolve().then(() => ovirtSet(bad)));
      expect(e.message).toMatch(/--#source create_views\.sql.*must end with _sp\.sql/);
      const missing = treeCopy({ 'upgrade/01_01_0040_missing_source.sql': '--#source nowhere_sp.sql\nSELECT 1;\n' });
      expect((await errorOf(Promise.resolve().then(() => ovirtSet(missing)))).message).toMatch(
        /nowhere_sp\.sql.*no such file/,
      );
    });

    it('the generic engine installs from empty as apply does: base files before the pre-upgrade hooks', async () => {
      const viaEngine = await fresh(backend);
      const viaApply = await fresh(backend);
      try {
        await upgrade(viaEngine, [ovirtSet(FIXTURE)]);
        await ovirtApply(viaApply, ovirtSet(FIXTURE));
        expect((await svLines(viaEngine)).at(-1)).toBe(
          '01010030 upgrade/01_01_0030_peer_context_not_null.sql INSTALLED',
        );
        expect(await svLines(viaEngine)).toEqual(await svLines(viaApply));
      } finally {
        await viaEngine.close();
        await viaApply.close();
      }
    });

    it('history: the base as baseline, hooks and repeatables recorded per run', async () => {
      const conn = await fresh(backend);
      try {
        await ovirtApply(conn, ovirtSet(FIXTURE));
        const rows = await readSetHistory(conn, 'ovirt');
        expect(rows[0]).toMatchObject({ kind: 'baseline', version: '01000000', state: 'applied' });
        expect(rows.filter((r) => r.kind === 'versioned').map((r) => `${r.version} ${r.state}`)).toContain(
          '01010020 skipped',
        );
        expect(rows.filter((r) => r.kind === 'pre')).toHaveLength(3);
        expect(rows.filter((r) => r.kind === 'post')).toHaveLength(1);
      } finally {
        await conn.close();
      }
    });
  });
}
