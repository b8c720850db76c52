// Shared pieces of the Asterisk suites: the servers they run on, the sets, and the comparison
// of a database's schema with the stored alembic reference.

import { expect } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { asteriskPack } from '../../src/packs/asterisk/index.js';
import type { BackendName } from '../helpers/backends.js';
import { referenceDump } from './fixtures.js';
import { diffDumps, dumpSchema, type SchemaDump } from './schema-dump.js';

export const SERVERS: { backend: BackendName; dialect: 'postgres' | 'mysql' }[] = [
  { backend: 'postgres', dialect: 'postgres' },
  { backend: 'mariadb', dialect: 'mysql' },
];

export function asteriskSet(tree: string, options: Record<string, unknown> = {}): ScriptSet {
  const set = (asteriskPack.sets(options) as ScriptSet[]).find((s) => s.name === `asterisk/${tree}`);
  if (!set) throw new Error(`no set asterisk/${tree}`);
  return set;
}

/** The dump without voipdb's own bookkeeping tables (history, chosen options). */
export function withoutVoipdb(d: SchemaDump): SchemaDump {
  const tables = Object.fromEntries(Object.entries(d.tables).filter(([n]) => !n.startsWith('voipdb_')));
  return { ...d, tables, sequences: d.sequences.filter((s) => !s.startsWith('voipdb_')) };
}

export async function schemaOf(conn: Connection): Promise<SchemaDump> {
  return withoutVoipdb(await dumpSchema(conn));
}

/** Fails with every difference listed, one per line. */
export function expectSameSchema(actual: SchemaDump, expected: SchemaDump): void {
  const diffs = diffDumps(expected, actual);
  expect(diffs.join('\n')).toBe('');
}

export async function expectReference(conn: Connection, tree: string, dialect: 'postgres' | 'mysql'): Promise<void> {
  expectSameSchema(await schemaOf(conn), referenceDump(tree, dialect));
}
