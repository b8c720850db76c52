// The kamailio pack's shape: which sets an admin's choice gives, what the offline script says
// (tables and their version rows in the same step), and refusals for a bad choice.

import { describe, expect, test } from 'vitest';
import { renderSql } from '../../src/engine/offline.js';
import { GROUPS, kamailioPack, MODULES } from '../../src/packs/kamailio/index.js';
import { tablesOf } from '../../src/packs/kamailio/groups.js';
import { versionTableOf } from '../../src/packs/kamailio/version-table.js';

describe('kamailio pack', () => {
  test('71 tables in 44 modules; the groups cover kamdbctl.base and leave matrix alone', () => {
    expect(Object.keys(MODULES)).toHaveLength(44);
    expect(Object.values(MODULES).flat()).toHaveLength(71);
    const grouped = Object.values(GROUPS).flat();
    expect(Object.keys(MODULES).filter((m) => !grouped.includes(m))).toEqual(['matrix']);
    expect(tablesOf('standard').map((t) => t.name)).toContain('version');
    // kamdbctl.base STANDARD_TABLES (the tables kamdbctl.pgsql grants on)
    const standardTables = 'version acc dbaliases domain domain_attrs grp uri speed_dial lcr_gw lcr_rule lcr_rule_target pdt subscriber location location_attrs re_grp trusted address missed_calls usr_preferences aliases silo dialog dialog_vars dispatcher dialplan acc_cdrs topos_d topos_t';
    expect(tablesOf('standard').map((t) => t.name).sort()).toEqual(standardTables.split(' ').sort());
  });

  test('groups choose the sets; standard by default', async () => {
    expect((await kamailioPack.sets()).map((s) => s.name)).toEqual(['kamailio/standard']);
    expect((await kamailioPack.sets({ groups: 'standard,presence' })).map((s) => s.name)).toEqual(['kamailio/standard', 'kamailio/presence']);
    expect((await kamailioPack.sets({ groups: ['uid', 'matrix'] })).map((s) => s.name)).toEqual(['kamailio/uid', 'kamailio/matrix']);
  });

  test('a bad choice is a usage error naming what exists', () => {
    expect(() => kamailioPack.sets({ groups: 'standard,nope' })).toThrow(/unknown Kamailio group or module "nope"/);
    expect(() => kamailioPack.sets({ groups: 'extra,rtpengine' })).toThrow(/module rtpengine is chosen twice \(extra and rtpengine\)/);
  });

  test('the offline script writes each table and its version row in the same step', () => {
    for (const d of ['postgres', 'mysql', 'sqlite'] as const) {
      const sql = renderSql(kamailioPack.sets({ groups: 'standard' }) as never, d);
      const create = sql.search(/CREATE TABLE\s+[`"]?location[`"]?\s*\(/);
      const row = sql.indexOf("INSERT INTO version (table_name, table_version) VALUES ('location', 9)");
      expect(create, d).toBeGreaterThan(0);
      expect(row, d).toBeGreaterThan(create);
    }
  });

  test('rewrite puts every row back to what the schema needs', async () => {
    const [set] = await kamailioPack.sets();
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
    expect(my[1]!.statements).toEqual(["CREATE USER IF NOT EXISTS 'kamailioro'@'localhost' IDENTIFIED BY '<password for kamailioro>'", "GRANT SELECT ON `kamailio`.* TO 'kamailioro'@'localhost'"]);
    expect(kamailioPack.grants!('sqlite', {})).toEqual([]);
  });
});
