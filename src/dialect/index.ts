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
