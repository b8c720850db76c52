// The Ominis document's roles: the API user, the FreeSWITCH user limited to what FreeSWITCH
// writes, and a read-only analytics user. Options (all optional):
//   api / freeswitch / analytics  role names (default callcenter_user, freeswitch_user, analytics_user)
//   password.<role>               the role's password (absent: the role is created without one)
//   database                      MySQL: the database the grants are on
//   host                          MySQL: the account host (default %)
//   schema                        PostgreSQL: the schema (default public)

import { VoipdbError } from '../../core/errors.js';
import type { DialectName } from '../../db/url.js';
import { mysql } from '../../dialect/mysql.js';
import { postgres } from '../../dialect/postgres.js';
import { callcenterTables } from '../freeswitch/callcenter.js';
import { coreTables } from '../freeswitch/core.js';
import { ominisTables } from './schema.js';

type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
const DML: Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
const views = ['basic_calls', 'detailed_calls'];

interface RoleSpec {
  key: 'api' | 'freeswitch' | 'analytics';
  defaultName: string;
  grants: { privileges: Privilege[]; objects: string[] }[];
  /** PostgreSQL: the role inserts into tables with SERIAL ids. */
  sequences?: boolean;
}

export const ominisRoles: RoleSpec[] = [
  {
    // The API owns the configuration tables; FreeSWITCH's core state is read-only to it
    // ("Do NOT write to these tables from the API"), call-center state it may change.
    key: 'api',
    defaultName: 'callcenter_user',
    grants: [
      { privileges: DML, objects: [...ominisTables, ...callcenterTables] },
      { privileges: ['SELECT'], objects: [...coreTables, ...views] },
    ],
    sequences: true,
  },
  {
    // Exactly what FreeSWITCH touches: its core state, mod_callcenter's tables, mod_odbc_cdr's inserts.
    key: 'freeswitch',
    defaultName: 'freeswitch_user',
    grants: [
      { privileges: DML, objects: [...coreTables, ...callcenterTables] },
      { privileges: ['SELECT'], objects: views },
      { privileges: ['INSERT'], objects: ['cdr'] },
    ],
  },
  {
    key: 'analytics',
    defaultName: 'analytics_user',
    grants: [{ privileges: ['SELECT'], objects: ['cdr', 'calls', 'channels', ...views] }],
  },
];

interface RoleSql {
  createRole(name: string, o: Record<string, string>): string[];
  setPassword(name: string, password: string, o: Record<string, string>): string;
  grant(privileges: Privilege[], object: string, name: string, o: Record<string, string>): string;
  sequences(name: string, o: Record<string, string>): string;
}

const pgIdent = postgres.quote;
const myIdent = mysql.quote;
const myAccount = (name: string, o: Record<string, string>) => `${mysql.string(name)}@${mysql.string(o.host ?? '%')}`;
const myObject = (object: string, o: Record<string, string>) =>
  o.database ? `${myIdent(o.database)}.${myIdent(object)}` : myIdent(object);

const roleSql: Record<DialectName, RoleSql | undefined> = {
  postgres: {
    // CREATE ROLE has no IF NOT EXISTS: ask pg_roles first, so the script runs again safely.
    createRole: (name) => [
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${postgres.string(name)}) THEN CREATE ROLE ${pgIdent(name)} LOGIN; END IF; END $$`,
    ],
    setPassword: (name, password) => `ALTER ROLE ${pgIdent(name)} LOGIN PASSWORD ${postgres.string(password)}`,
    grant: (privileges, object, name, o) =>
      `GRANT ${privileges.join(', ')} ON ${o.schema ? pgIdent(o.schema) + '.' : ''}${pgIdent(object)} TO ${pgIdent(name)}`,
    sequences: (name, o) =>
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${pgIdent(o.schema ?? 'public')} TO ${pgIdent(name)}`,
  },
  mysql: {
    createRole: (name, o) => [`CREATE USER IF NOT EXISTS ${myAccount(name, o)}`],
    setPassword: (name, password, o) => `ALTER USER ${myAccount(name, o)} IDENTIFIED BY ${mysql.string(password)}`,
    grant: (privileges, object, name, o) =>
      `GRANT ${privileges.join(', ')} ON ${myObject(object, o)} TO ${myAccount(name, o)}`,
    // AUTO_INCREMENT needs no separate privilege.
    sequences: () => '',
  },
  // No roles: the file's permissions protect it.
  sqlite: undefined,
};

export function ominisGrants(
  dialect: DialectName,
  opts: Record<string, string>,
): { role: string; statements: string[] }[] {
  const say = roleSql[dialect];
  if (!say) {
    throw new VoipdbError('refused', `${dialect} has no roles or grants`, {
      hint: 'protect the SQLite file with file permissions instead (chmod 640, owned by the FreeSWITCH user)',
    });
  }
  return ominisRoles.map((spec) => {
    const name = opts[spec.key] ?? spec.defaultName;
    const statements = [...say.createRole(name, opts)];
    const password = opts[`password.${name}`];
    if (password !== undefined) statements.push(say.setPassword(name, password, opts));
    for (const g of spec.grants)
      for (const object of g.objects) statements.push(say.grant(g.privileges, object, name, opts));
    if (spec.sequences) statements.push(say.sequences(name, opts));
    return { role: name, statements: statements.filter((s) => s !== '') };
  });
}
