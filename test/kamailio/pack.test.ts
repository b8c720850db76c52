// The kamailio pack's shape: which sets an admin's choice gives, what the offline script says
// (tables and their version rows in the same step), and refusals for a bad choice.

import { describe, expect, test } from 'vitest';
import { renderSql } from '../../src/engine/offline.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { GROUPS, kamailioPack, MODULES, RELEASES } from '../../src/packs/kamailio/index.js';
import { groupsAt, modulesAt } from '../../src/packs/kamailio/release.js';
import { tablesOf } from '../../src/packs/kamailio/groups.js';
import { versionTableOf } from '../../src/packs/kamailio/version-table.js';

describe('kamailio pack', () => {
  test('5.6: 71 tables in 44 modules; the groups cover kamdbctl.base and leave matrix alone; 6.1 adds the ims_* modules', () => {
    const at56 = modulesAt('5.6');
    expect(Object.keys(at56)).toHaveLength(44);
    expect(Object.values(at56).flat()).toHaveLength(71);
    const grouped = Object.values(groupsAt('5.6')).flat();
    expect(Object.keys(at56).filter((m) => !grouped.includes(m))).toEqual(['matrix']);
    expect(tablesOf('standard', '5.6').map((t) => t.name)).toContain('version');
    // kamdbctl.base STANDARD_TABLES (the tables kamdbctl.pgsql grants on)
    const standardTables =
      'version acc dbaliases domain domain_attrs grp uri speed_dial lcr_gw lcr_rule lcr_rule_target pdt subscriber location location_attrs re_grp trusted address missed_calls usr_preferences aliases silo dialog dialog_vars dispatcher dialplan acc_cdrs topos_d topos_t';
    expect(
      tablesOf('standard', '5.6')
        .map((t) => t.name)
        .sort(),
    ).toEqual(standardTables.split(' ').sort());
    const lone = Object.keys(MODULES)
      .filter((m) => !Object.values(GROUPS).flat().includes(m))
      .sort();
    expect(lone).toEqual(['ims_charging', 'ims_dialog', 'ims_usrloc_pcscf', 'ims_usrloc_scscf', 'matrix']);
    expect(RELEASES).toEqual(['5.0', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6', '5.7', '5.8', '6.0', '6.1']);
  });

  test('-O release: a set is its releases, from the first to the one chosen; unknown releases and modules too new are refused', () => {
    const [set] = kamailioPack.sets({ release: '5.4' }) as ScriptSet[];
    expect(set!.migrations.map((m) => m.version)).toEqual(['5.0', '5.1', '5.2', '5.3', '5.4']);
    expect(set!.migrations[1]!.description).toMatch(/lcr_rule \+mt_tvalue version 2→3/);
    expect(set!.migrations[1]!.description).toMatch(/location ~contact version 8→9/);
    expect(
      (kamailioPack.sets({ release: '6.1.4', groups: 'ims_dialog' }) as ScriptSet[])[0]!.migrations.map(
        (m) => m.version,
      ),
    ).toEqual(['6.0', '6.1']);
    expect(() => kamailioPack.sets({ release: '4.4' })).toThrow(/unknown Kamailio release "4.4"/);
    expect(() => kamailioPack.sets({ release: '5.8', groups: 'ims_dialog' })).toThrow(
      /ims_dialog has tables from release 6.0 on, not in 5.8/,
    );
    expect(() => kamailioPack.sets({ release: '6.1', groups: 'standard,ims_dialog' })).toThrow(
      /dialog and ims_dialog both have a table dialog_vars/,
    );
  });

  test('groups choose the sets; standard by default', async () => {
    expect((await kamailioPack.sets()).map((s) => s.name)).toEqual(['kamailio/standard']);
    expect((await kamailioPack.sets({ groups: 'standard,presence' })).map((s) => s.name)).toEqual([
      'kamailio/standard',
      'kamailio/presence',
    ]);
    expect((await kamailioPack.sets({ groups: ['uid', 'matrix'] })).map((s) => s.name)).toEqual([
      'kamailio/uid',
      'kamailio/matrix',
    ]);
  });

  test('a bad choice is a usage error naming what exists', () => {
    expect(() => kamailioPack.sets({ groups: 'standard,nope' })).toThrow(/unknown Kamailio group or module "nope"/);
    expect(() => kamailioPack.sets({ groups: 'extra,rtpengine' })).toThrow(
      /module rtpengine is chosen twice \(extra and rtpengine\)/,
    );
  });

  test('the offline script writes each table and its version row in the same step', async () => {
    for (const d of ['postgres', 'mysql', 'sqlite'] as const) {
      // The revisions one by one (sql renders a fresh install's head schema otherwise, as upgrade runs it).
      const sql = await renderSql(kamailioPack.sets({ groups: 'standard', release: '5.1' }) as never, d, {
        replay: true,
      });
      const create = sql.search(/CREATE TABLE\s+[`"]?location[`"]?\s*\(/);
      const row = sql.indexOf("INSERT INTO version (table_name, table_version) VALUES ('location', 8)");
      // SQLite widens a column by rebuilding the table
      const widen = sql.search(/ALTER TABLE\s+[`"]?location[`"]?\s+(ALTER|MODIFY)|CREATE TABLE _voipdb_tmp_location/);
      const moved = sql.indexOf("UPDATE version SET table_version = 9 WHERE table_name = 'location'");
      expect(create, d).toBeGreaterThan(0);
      expect(row, d).toBeGreaterThan(create);
      expect(widen, d).toBeGreaterThan(row);
      expect(moved, d).toBeGreaterThan(widen);
    }
  });

  test('rewrite puts every row back to what the schema needs', async () => {
    const [set] = await kamailioPack.sets({ release: '5.6' });
    const sql = versionTableOf(set!)!.rewrite(set!);
    expect(sql).toContain("INSERT INTO version (table_name, table_version) VALUES ('location', 9)");
    expect(sql).toContain("INSERT INTO version (table_name, table_version) VALUES ('subscriber', 7)");
    expect(sql.filter((s) => s.startsWith('INSERT'))).toHaveLength(29);
  });

  test('grants: kamdbctl users, sequences on PostgreSQL named after the real key column', () => {
    const pg = kamailioPack.grants!('postgres', { groups: 'standard,extra' });
    expect(pg.map((g) => g.role)).toEqual(['kamailio', 'kamailioro']);
    expect(pg[0]!.statements).toContain('GRANT ALL PRIVILEGES ON SEQUENCE dr_gateways_gwid_seq TO kamailio');
    expect(pg[1]!.statements).toContain('GRANT SELECT ON SEQUENCE location_id_seq TO kamailioro');
    expect(pg[1]!.statements.some((s) => /INSERT|ALL/.test(s) && /kamailioro/.test(s))).toBe(false);
    const my = kamailioPack.grants!('mysql', { database: 'kamailio' });
    expect(my[1]!.statements).toEqual([
      "CREATE USER IF NOT EXISTS 'kamailioro'@'localhost' IDENTIFIED BY '<password for kamailioro>'",
      "GRANT SELECT ON `kamailio`.* TO 'kamailioro'@'localhost'",
    ]);
    expect(kamailioPack.grants!('sqlite', {})).toEqual([]);
  });
});
