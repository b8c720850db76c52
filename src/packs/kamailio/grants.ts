// The database users `kamdbctl create` makes: a read-write user (kamailio) and a read-only one
// (kamailioro). MySQL: ALL / SELECT on the database. PostgreSQL: per table, and on each table's
// id sequence so the read-write user can insert (kamdbctl.pgsql guesses `<table>_id_seq` and
// skips dr_gateways/dr_rules, whose sequences are named after gwid/ruleid; voipdb grants the
// real ones). SQLite has no users.

import type { DialectName } from '../../db/url.js';
import { parseChoices, tablesOf } from './groups.js';
import { chosenRelease } from './release.js';

const ident = (s: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_$-]*$/.test(s)) throw new Error(`not a plain SQL name: ${s}`);
  return s;
};
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * opts: groups ("standard,presence"), release (default: the installed Kamailio's), database (MySQL, default kamailio), host (MySQL, default
 * localhost), rwUser/roUser (kamailio/kamailioro), rwPassword/roPassword (placeholders when absent).
 */
export function kamailioGrants(
  dialect: DialectName,
  opts: Record<string, string>,
): { role: string; statements: string[] }[] {
  return GRANTS[dialect](opts);
}

type Grants = (opts: Record<string, string>) => { role: string; statements: string[] }[];

const names = (opts: Record<string, string>) => ({
  rw: ident(opts.rwUser ?? 'kamailio'),
  ro: ident(opts.roUser ?? 'kamailioro'),
  rwPw: opts.rwPassword ?? '<password for kamailio>',
  roPw: opts.roPassword ?? '<password for kamailioro>',
});

const GRANTS: Record<DialectName, Grants> = {
  mysql: (opts) => {
    const { rw, ro, rwPw, roPw } = names(opts);
    const db = ident(opts.database ?? 'kamailio');
    const host = opts.host ?? 'localhost';
    return [
      {
        role: rw,
        statements: [
          `CREATE USER IF NOT EXISTS ${lit(rw)}@${lit(host)} IDENTIFIED BY ${lit(rwPw)}`,
          `GRANT ALL PRIVILEGES ON \`${db}\`.* TO ${lit(rw)}@${lit(host)}`,
        ],
      },
      {
        role: ro,
        statements: [
          `CREATE USER IF NOT EXISTS ${lit(ro)}@${lit(host)} IDENTIFIED BY ${lit(roPw)}`,
          `GRANT SELECT ON \`${db}\`.* TO ${lit(ro)}@${lit(host)}`,
        ],
      },
    ];
  },
  postgres: (opts) => {
    const { rw, ro, rwPw, roPw } = names(opts);
    const release = chosenRelease(opts.release);
    const tables = parseChoices(opts.groups, release).flatMap((c) => tablesOf(c, release));
    const rwSql = [`CREATE USER ${rw} WITH PASSWORD ${lit(rwPw)}`];
    const roSql = [`CREATE USER ${ro} WITH PASSWORD ${lit(roPw)}`];
    for (const t of tables) {
      rwSql.push(`GRANT ALL PRIVILEGES ON TABLE ${t.name} TO ${rw}`);
      roSql.push(`GRANT SELECT ON TABLE ${t.name} TO ${ro}`);
      const key = t.columns.find((c) => c.primaryKey);
      if (key) {
        rwSql.push(`GRANT ALL PRIVILEGES ON SEQUENCE ${t.name}_${key.name}_seq TO ${rw}`);
        roSql.push(`GRANT SELECT ON SEQUENCE ${t.name}_${key.name}_seq TO ${ro}`);
      }
    }
    return [
      { role: rw, statements: rwSql },
      { role: ro, statements: roSql },
    ];
  },
  // No users; the names are still checked, as everywhere.
  sqlite: (opts) => {
    names(opts);
    return [];
  },
};
