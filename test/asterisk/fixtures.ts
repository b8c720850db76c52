// The stored reference data (test/fixtures/asterisk/), made by Asterisk's own alembic; see
// reference.gen.test.ts for how it is regenerated.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaDump } from './schema-dump.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures/asterisk');

/** The config revision alembic brings a database to before voipdb takes over (about halfway). */
export const CONFIG_MIDDLE = '39959b9c2566';

export function referenceDump(set: string, dialect: 'postgres' | 'mysql'): SchemaDump {
  return JSON.parse(readFileSync(join(FIXTURES, `reference-${set}-${dialect}.json`), 'utf8')) as SchemaDump;
}

/** alembic's offline (--sql) output, kept as data. */
export function alembicSql(name: string, dialect: 'postgres' | 'mysql'): string | null {
  const p = join(FIXTURES, `alembic-${name}-${dialect}.sql`);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}
