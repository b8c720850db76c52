import type { DialectName } from '../db/url.js';
import type { Dialect } from './dialect.js';
import { mysql } from './mysql.js';
import { postgres } from './postgres.js';
import { sqlite } from './sqlite.js';

export type { Dialect, ObjectKind } from './dialect.js';

const dialects: Record<DialectName, Dialect> = { postgres, mysql, sqlite };

export function dialectOf(name: DialectName): Dialect {
  return dialects[name];
}

const SPELLINGS: Record<string, DialectName> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
  pglite: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
};

/** A dialect named as an admin would (`postgresql`, `mariadb`, ...), or undefined. */
export function dialectNamed(name: string): DialectName | undefined {
  return SPELLINGS[name.toLowerCase()];
}
