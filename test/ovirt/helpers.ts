// Shared pieces of the oVirt tests: the fixture tree, copies of it to break, and catalog reads.

import { cpSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../../src/db/connection.js';
import { isVoipdbError, type VoipdbError } from '../../src/core/errors.js';

export const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/ovirt-dbscripts');

/** A copy of the fixture tree to change: files to write (path -> text, null deletes). */
export function treeCopy(changes: Record<string, string | null> = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'voipdb-ovirt-')), 'dbscripts');
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [p, text] of Object.entries(changes)) {
    if (text === null) rmSync(join(dir, p));
    else writeFileSync(join(dir, p), text);
  }
  return dir;
}

export async function errorOf(p: Promise<unknown>): Promise<VoipdbError> {
  try {
    await p;
  } catch (e) {
    if (isVoipdbError(e)) return e;
    throw e;
  }
  throw new Error('expected a VoipdbError');
}

export async function schemaVersionRows(conn: Connection) {
  return conn.query<{
    version: string;
    script: string;
    checksum: string;
    state: string;
    current: boolean;
    comment: string;
  }>(`SELECT trim(version) AS version, script, checksum, state, current, comment FROM schema_version ORDER BY id`);
}

export async function columns(conn: Connection, table: string) {
  return conn.query<{
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    character_maximum_length: number | null;
  }>(
    `SELECT column_name, data_type, is_nullable, column_default, character_maximum_length FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
    [table],
  );
}

export async function options(conn: Connection) {
  const rows = await conn.query<{
    option_name: string;
    option_value: string;
    version: string;
    default_value: string | null;
  }>(`SELECT option_name, option_value, version, default_value FROM vdc_options ORDER BY option_name, version`);
  return rows.map((r) => `${r.option_name}@${r.version}=${r.option_value} (default ${r.default_value})`);
}
