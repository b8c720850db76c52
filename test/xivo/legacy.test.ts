// XiVO's old system (asterisk-NNN.sql / xivo-NNN.sql + state files) moved once to versioned
// migrations, as xivo-update-db 14.08 did: remaining scripts, merge of xivo into asterisk,
// state files removed, then the alembic revisions.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { legacyScripts, legacyStatus, legacyUpgrade } from '../../src/packs/xivo/legacy.js';
import { merge } from '../../src/ops/merge.js';
import { xivoPack, xivoSet } from '../../src/packs/xivo/index.js';
import { status, upgrade } from '../../src/engine/index.js';
import { VoipdbError } from '../../src/core/errors.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'voipdb-xivo-legacy-'));
}

describe('legacy script order and state comparison (xivo-update-db-old semantics)', () => {
  it('compares ids as strings, as the old tool did', async () => {
    const d = tmp();
    const state = join(d, 'state');
    const mig = join(d, 'migration');
    mkdirSync(state);
    mkdirSync(mig);
    for (const f of [
      'asterisk-098.sql',
      'asterisk-099.sql',
      'asterisk-100.sql',
      'xivo-9.sql',
      'xivo-10.sql',
      'asterisk.sql.orig',
    ])
      writeFileSync(join(mig, f), '');
    writeFileSync(join(state, 'asterisk-last'), '099.sql\n');
    writeFileSync(join(state, 'xivo-last'), '9.sql\n');
    expect(legacyScripts(mig, 'asterisk').map((s) => s.id)).toEqual(['098.sql', '099.sql', '100.sql']);
    const st = await legacyStatus({ stateDir: state, migrationDir: mig });
    expect(st.active).toBe(true);
    expect(st.databases[0]!.pending.map((p) => p.file)).toEqual(['asterisk-100.sql']);
    // '10.sql' < '9.sql' as strings: the old tool would never run xivo-10.sql after xivo-9.sql
    expect(st.databases[1]!.pending).toEqual([]);
    expect(st.lines[0]).toBe('Checking databases...');
    // xivo-check-db-old takes max() over names starting with the db name: "asterisk.sql.orig" wins
    expect(st.lines[1]).toBe('\tNOK (last is 099)\t\tasterisk db');
    rmSync(d, { recursive: true, force: true });
  });

  it('is inactive without state files', async () => {
    const d = tmp();
    const st = await legacyStatus({ stateDir: d, migrationDir: d });
    expect(st.active).toBe(false);
    rmSync(d, { recursive: true, force: true });
  });
});

// asterisk-001/002 and xivo-001 ran under the old system; the rest is what 14.08 brings.
const SCRIPTS: Record<string, string> = {
  'asterisk-001.sql': `BEGIN;
CREATE TABLE legacy_runs (file VARCHAR(32) NOT NULL);
CREATE TABLE userfeatures (id SERIAL PRIMARY KEY, firstname VARCHAR(128) NOT NULL DEFAULT '', enableclient INTEGER NOT NULL DEFAULT 1);
CREATE TABLE linefeatures (id SERIAL PRIMARY KEY, name VARCHAR(128) NOT NULL);
CREATE TABLE queue_log (time VARCHAR(26) DEFAULT '' NOT NULL, callid VARCHAR(32) DEFAULT '' NOT NULL, event VARCHAR(20) DEFAULT '' NOT NULL);
INSERT INTO legacy_runs VALUES ('asterisk-001');
COMMIT;`,
  'asterisk-002.sql': `BEGIN;
CREATE TABLE stat_agent_periodic (id SERIAL PRIMARY KEY, time TIMESTAMP NOT NULL, agent_id INTEGER);
CREATE TABLE ctilog (id SERIAL PRIMARY KEY, eventdate TIMESTAMP, loginclient VARCHAR(64));
INSERT INTO legacy_runs VALUES ('asterisk-002');
COMMIT;`,
  'asterisk-003.sql': `BEGIN;
ALTER TABLE queue_log ADD COLUMN data1 VARCHAR(30) DEFAULT '';
INSERT INTO stat_agent_periodic (id, time, agent_id) VALUES (1, '2014-01-01', 1), (2, '2014-01-02', 1);
INSERT INTO legacy_runs VALUES ('asterisk-003');
COMMIT;`,
  // As XiVO's asterisk-166.sql: tolerant of a queue_log id added ahead of the upgrade.
  'asterisk-004.sql': `BEGIN;
DO $$
    BEGIN
        ALTER TABLE "queue_log" ADD COLUMN "id" SERIAL PRIMARY KEY;
    EXCEPTION
        WHEN duplicate_column THEN RAISE NOTICE 'column id already exists in queue_log.';
    END;
$$;
INSERT INTO legacy_runs VALUES ('asterisk-004');
COMMIT;`,
  'xivo-001.sql': `BEGIN;
CREATE TABLE xivo_runs (file VARCHAR(32) NOT NULL);
CREATE TABLE stats_conf (id SERIAL PRIMARY KEY, name VARCHAR(64) NOT NULL);
CREATE TABLE stats_conf_user (stats_conf_id INTEGER NOT NULL, userfeatures_id INTEGER NOT NULL, PRIMARY KEY (stats_conf_id, userfeatures_id));
CREATE TABLE stats_conf_group (stats_conf_id INTEGER NOT NULL, groupfeatures_id INTEGER NOT NULL, PRIMARY KEY (stats_conf_id, groupfeatures_id));
INSERT INTO xivo_runs VALUES ('xivo-001');
COMMIT;`,
  'xivo-002.sql': `BEGIN;
CREATE TABLE stats_conf_incall (stats_conf_id INTEGER NOT NULL, incall_id INTEGER NOT NULL, PRIMARY KEY (stats_conf_id, incall_id));
CREATE TYPE netiface_type AS ENUM ('iface', 'vlan');
CREATE TABLE netiface (id SERIAL PRIMARY KEY, ifname VARCHAR(64) NOT NULL, type netiface_type NOT NULL);
INSERT INTO netiface (ifname, type) VALUES ('eth0', 'iface');
INSERT INTO stats_conf (name) VALUES ('default');
INSERT INTO xivo_runs VALUES ('xivo-002');
COMMIT;`,
};

describe.skipIf(!(await available('postgres')))('moving a XiVO 14.07 database to versioned migrations', () => {
  let ast: TestDb, xv: TestDb;
  let a: Connection, x: Connection;
  let dir: string, state: string, mig: string;

  beforeAll(async () => {
    dir = tmp();
    state = join(dir, 'update-db');
    mig = join(dir, 'migration');
    mkdirSync(state);
    mkdirSync(mig);
    for (const [f, text] of Object.entries(SCRIPTS)) writeFileSync(join(mig, f), text);
    ast = await freshDb('postgres', 'vt_xast');
    xv = await freshDb('postgres', 'vt_xxivo');
    a = await ast.connect();
    x = await xv.connect();
    // what the old system had done
    await a.exec(SCRIPTS['asterisk-001.sql']!);
    await a.exec(SCRIPTS['asterisk-002.sql']!);
    await x.exec(SCRIPTS['xivo-001.sql']!);
    writeFileSync(join(state, 'asterisk-last'), '002.sql\n');
    writeFileSync(join(state, 'xivo-last'), '001.sql\n');
    // a script that fails at first
    writeFileSync(
      join(mig, 'asterisk-005.sql'),
      `BEGIN;\nINSERT INTO legacy_runs VALUES ('asterisk-005');\nALTER TABLE no_such_table ADD COLUMN x INTEGER;\nCOMMIT;`,
    );
  });

  afterAll(async () => {
    await a?.close();
    await x?.close().catch(() => {});
    await ast?.drop();
    await xv?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks the old way while the legacy system is active', async () => {
    const st = await legacyStatus({ stateDir: state, migrationDir: mig, conn: a });
    expect(st.active).toBe(true);
    expect(st.lines).toEqual([
      'Checking databases...',
      '\tNOK (last is 002)\t\tasterisk db',
      '\tNOK (last is 001)\t\txivo db',
    ]);
    expect(st.databases[0]!.pending.map((p) => p.file)).toEqual([
      'asterisk-003.sql',
      'asterisk-004.sql',
      'asterisk-005.sql',
    ]);
    expect(st.databases[1]!.pending.map((p) => p.file)).toEqual(['xivo-002.sql']);
    expect((await xivoPack.detect!(a))?.[0]).toEqual({ set: 'xivo', version: null });
  });

  it('stops at a failing script, recording the last good one, and resumes after the fix without re-running', async () => {
    const err = await legacyUpgrade({ asterisk: a, xivo: x }, { stateDir: state, migrationDir: mig }).catch((e) => e);
    expect(err).toBeInstanceOf(VoipdbError);
    expect((err as VoipdbError).message).toMatch(/asterisk-005.sql failed: .*no_such_table/);
    expect(readFileSync(join(state, 'asterisk-last'), 'utf8')).toBe('004.sql\n');
    expect(existsSync(join(state, 'xivo-last'))).toBe(true);
    const runs = await a.query<{ file: string }>('SELECT file FROM legacy_runs ORDER BY file');
    expect(runs.map((r) => r.file)).toEqual(['asterisk-001', 'asterisk-002', 'asterisk-003', 'asterisk-004']);

    writeFileSync(join(mig, 'asterisk-005.sql'), `BEGIN;\nINSERT INTO legacy_runs VALUES ('asterisk-005');\nCOMMIT;`);
    const res = await legacyUpgrade({ asterisk: a, xivo: x }, { stateDir: state, migrationDir: mig, fold: merge });
    expect(res.ran).toEqual([
      { db: 'asterisk', file: 'asterisk-005.sql' },
      { db: 'xivo', file: 'xivo-002.sql' },
    ]);
    expect(res.merged).toBe(true);
    expect(res.switched).toBe(true);
    const runs2 = await a.query<{ file: string }>('SELECT file FROM legacy_runs ORDER BY file');
    expect(runs2.map((r) => r.file)).toEqual([
      'asterisk-001',
      'asterisk-002',
      'asterisk-003',
      'asterisk-004',
      'asterisk-005',
    ]);
    // xivo folded into asterisk, then dropped
    expect((await a.query<{ file: string }>('SELECT file FROM xivo_runs ORDER BY file')).map((r) => r.file)).toEqual([
      'xivo-001',
      'xivo-002',
    ]);
    expect((await a.query('SELECT * FROM netiface')).length).toBe(1);
    await expect(xv.connect()).rejects.toThrow(/does not exist/);
    // the switch: state files gone, history tells what happened
    expect(existsSync(join(state, 'asterisk-last'))).toBe(false);
    expect(existsSync(join(state, 'xivo-last'))).toBe(false);
    const hist = await a.query<{ set_name: string; version: string; kind: string; script: string }>(
      'SELECT set_name, version, kind, script FROM voipdb_history ORDER BY id',
    );
    expect(hist).toEqual([
      { set_name: 'xivo/legacy-asterisk', version: '002', kind: 'baseline', script: 'asterisk-last' },
      { set_name: 'xivo/legacy-asterisk', version: '003', kind: 'versioned', script: 'asterisk-003.sql' },
      { set_name: 'xivo/legacy-asterisk', version: '004', kind: 'versioned', script: 'asterisk-004.sql' },
      { set_name: 'xivo/legacy-asterisk', version: '005', kind: 'versioned', script: 'asterisk-005.sql' },
      { set_name: 'xivo/legacy-xivo', version: '001', kind: 'baseline', script: 'xivo-last' },
      { set_name: 'xivo/legacy-xivo', version: '002', kind: 'versioned', script: 'xivo-002.sql' },
      { set_name: 'xivo/legacy', version: 'switch', kind: 'baseline', script: 'xivo-update-db' },
    ]);
  });

  it('never runs the legacy scripts again; a state file left by a crash is just removed', async () => {
    writeFileSync(join(state, 'asterisk-last'), '002.sql\n'); // as if the unlink had not happened
    const st = await legacyStatus({ stateDir: state, migrationDir: mig, conn: a });
    expect(st.active).toBe(false);
    expect(st.switched).toBe(true);
    expect(st.stale).toEqual([join(state, 'asterisk-last')]);
    const res = await legacyUpgrade({ asterisk: a }, { stateDir: state, migrationDir: mig });
    expect(res.ran).toEqual([]);
    expect(res.removed).toEqual([join(state, 'asterisk-last')]);
    expect((await a.query('SELECT file FROM legacy_runs')).length).toBe(5);
  });

  it('then goes on with the 14.08 alembic revisions, recorded in alembic_version', async () => {
    await a.exec("INSERT INTO userfeatures (firstname) VALUES ('before')");
    const r = await upgrade(a, [xivoSet]);
    expect(r.steps.map((s) => s.version)).toEqual(['52bd5977c09d', '108164f6117e', '146ddf6c4b36']);
    const [v] = await a.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
    expect(v!.version_num).toBe('146ddf6c4b36');
    // the revisions did their work on the merged database; 14.08 keeps its tables
    expect(
      (
        await a.query(
          "SELECT 1 FROM pg_class WHERE relname IN ('ctilog', 'stats_conf_user', 'stats_conf_group', 'stats_conf_incall')",
        )
      ).length,
    ).toBe(4);
    const [seq] = await a.query<{ n: string }>("SELECT nextval('stat_agent_periodic_id_seq')::text AS n");
    expect(seq!.n).toBe('3');
    const [d] = await a.query<{ d: string }>(
      "SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'userfeatures' AND column_name = 'enableclient'",
    );
    expect(d!.d).toBe('0');
    const [s] = await status(a, [xivoSet]);
    expect(s!.upToDate).toBe(true);
    expect((await xivoPack.detect!(a))?.[0]).toEqual({ set: 'xivo', version: '146ddf6c4b36' });
  });
});
