// oVirt dbscripts through the command line (issue 22, defects 2–5): a changed re-entrant hook is
// pending and runs; `squash` keeps the history of databases that ran the folded scripts; holes the
// database recorded pass the gap rule, a real gap needs --allow-gaps; an edited create_tables.sql
// is named as itself.

import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURE, treeCopy } from '../ovirt/helpers.js';

const created: TestDb[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

async function fresh(b: BackendName): Promise<TestDb> {
  const db = await freshDb(b, 'ovcli');
  created.push(db);
  return db;
}

const pack = (dir: string, url: string) => ['--pack', 'ovirt', '-O', `dir=${dir}`, '--url', url];
const at0060 = () =>
  treeCopy({
    'upgrade/01_01_0010_call_log_queue_fk.sql': null,
    'upgrade/01_01_0020_widen_peer_label.sql': null,
    'upgrade/01_01_0030_peer_context_not_null.sql': null,
  });

async function options(db: TestDb): Promise<string[]> {
  const conn = await db.connect();
  try {
    return (
      await conn.query<{ option_name: string; option_value: string }>(
        `SELECT option_name, option_value FROM vdc_options ORDER BY 1`,
      )
    ).map((r) => `${r.option_name}=${r.option_value}`);
  } finally {
    await conn.close();
  }
}

for (const backend of ['pglite', 'postgres'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`oVirt through the CLI on ${backend}`, { timeout: 600_000 }, () => {
    it('defect 2: a changed config.sql is pending in check and runs on upgrade', async () => {
      const db = await fresh(backend);
      const dir = treeCopy();
      expect((await runCli(['upgrade', ...pack(dir, db.url)])).code).toBe(0);
      expect((await runCli(['check', ...pack(dir, db.url)])).code).toBe(0);
      // the seed's rule: configuration values change in config.sql, no new script
      appendFileSync(
        join(dir, 'upgrade/pre_upgrade/0000_config.sql'),
        `select fn_db_add_config_value('VoicemailLimit', '30', 'general');\n`,
      );
      const check = await runCli(['check', ...pack(dir, db.url)]);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/upgrade\/pre_upgrade\/0000_config\.sql changed since it last ran/);
      const json = JSON.parse((await runCli(['status', '--json', ...pack(dir, db.url)])).stdout);
      expect(json.sets[0]).toMatchObject({ hooksChanged: ['upgrade/pre_upgrade/0000_config.sql'], upToDate: false });
      const up = await runCli(['upgrade', ...pack(dir, db.url)]);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/0000_config\.sql/);
      expect(await options(db)).toContain('VoicemailLimit=30');
      expect((await runCli(['check', ...pack(dir, db.url)])).code).toBe(0);
      expect((await runCli(['upgrade', ...pack(dir, db.url)])).stdout).toMatch(/up to date/);
    });

    it('defect 5: an edited create_tables.sql is reported under its own name', async () => {
      const db = await fresh(backend);
      const dir = treeCopy();
      expect((await runCli(['upgrade', ...pack(dir, db.url)])).code).toBe(0);
      // the procedures a base loads are recreated on every upgrade: changing them is no edit
      appendFileSync(join(dir, 'common_sp.sql'), `\n-- reviewed\n`);
      expect((await runCli(['check', ...pack(dir, db.url)])).stdout).not.toMatch(/was changed/);
      appendFileSync(join(dir, 'create_tables.sql'), `\nCREATE TABLE extra_t (id int);\n`);
      const check = await runCli(['check', ...pack(dir, db.url)]);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/edited ovirt: create_tables\.sql was changed after it was applied/);
      expect(check.stdout).not.toMatch(/set_version/);
    });

    // PGlite runs the same engine as PostgreSQL; the longer scenarios run on the server only.
    it.skipIf(backend === 'pglite')(
      'defect 3: after `voipdb squash`, databases that ran the folded scripts keep their history',
      async () => {
        const before = await fresh(backend);
        const after = await fresh(backend);
        expect((await runCli(['upgrade', ...pack(at0060(), before.url)])).code).toBe(0);
        expect((await runCli(['upgrade', ...pack(FIXTURE, after.url)])).code).toBe(0);
        const out = join(mkdtempSync(join(tmpdir(), 'voipdb-sq-')), 'dbscripts');
        const sq = await runCli(['squash', '--dir', FIXTURE, '--series', '01_00', '--out', out, '--no-verify']);
        expect(sq.code, sq.stderr).toBe(0);
        // at the end of the folded series: the later scripts are pending, nothing is missing or edited
        const check = await runCli(['check', ...pack(out, before.url)]);
        expect(check.code).toBe(1);
        expect(check.stdout).not.toMatch(/missing|edited/);
        expect(check.stdout).toMatch(/ovirt\s+NOK\s+01000060\s+01010030\s+3/);
        const up = await runCli(['upgrade', ...pack(out, before.url)]);
        expect(up.code, up.stderr).toBe(0);
        expect((await runCli(['check', ...pack(out, before.url)])).code).toBe(0);
        // past the folded series: nothing to do
        expect((await runCli(['check', ...pack(out, after.url)])).code).toBe(0);
        expect((await runCli(['upgrade', ...pack(out, after.url)])).stdout).toMatch(/up to date/);
        // a database inside the folded series is refused with the way out
        const inside = await fresh(backend);
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
        expect((await runCli(['upgrade', ...pack(at0030, inside.url)])).code).toBe(0);
        const refused = await runCli(['upgrade', ...pack(out, inside.url)]);
        expect(refused.code).toBe(7);
        expect(refused.stderr).toMatch(/inside what the base folds \(up to 01000060\)/);
      },
    );

    it.skipIf(backend === 'pglite')(
      'defect 4: holes the database recorded pass the gap rule; a real gap stops unless --allow-gaps',
      async () => {
        const db = await fresh(backend);
        // three configuration scripts, applied...
        const dir = at0060();
        const config = ['0070', '0080', '0090'].map((n) => [
          `upgrade/01_00_${n}_config_${n}.sql`,
          `select fn_db_add_config_value('Key${n}', '${n}', 'general');\n`,
        ]);
        for (const [f, text] of config) appendFileSync(join(dir, f!), text!);
        expect((await runCli(['upgrade', ...pack(dir, db.url)])).code).toBe(0);
        // ...then squashed into config.sql as the seed says, leaving a hole: 0060, then 0100
        for (const [f, text] of config) {
          rmSync(join(dir, f!));
          appendFileSync(join(dir, 'upgrade/pre_upgrade/0000_config.sql'), text!);
        }
        appendFileSync(
          join(dir, 'upgrade/01_00_0100_add_peer_note.sql'),
          'ALTER TABLE sip_peers ADD COLUMN note text;\n',
        );
        const up = await runCli(['upgrade', '--ignore-missing', ...pack(dir, db.url)]);
        expect(up.code, up.stderr).toBe(0);
        expect(up.stdout).toMatch(/01000100/);
        // a fresh database never recorded 0070..0090: a real gap, refused until the admin says so
        const empty = await fresh(backend);
        const gap = await runCli(['upgrade', ...pack(dir, empty.url)]);
        expect(gap.code).toBe(7);
        expect(gap.stderr).toMatch(/illegal version 01000100: more than 10 after 01000060.*--allow-gaps/);
        const allowed = await runCli(['upgrade', '--allow-gaps', ...pack(dir, empty.url)]);
        expect(allowed.code, allowed.stderr).toBe(0);
      },
    );
  });
}
