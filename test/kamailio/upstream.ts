// The oracle: databases made by Kamailio's and SER's own create scripts, and their schema
// dumps stored as fixtures (CI has no upstream tree; the fixture is the oracle there).
// Scripts come from $VOIPDB_UPSTREAM_DIR (see prepare-upstream.sh) or, for Kamailio, from the
// Debian package's /usr/share/kamailio (5.6.3, the same files as branch 5.6).

import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../../src/db/connection.js';
import type { DialectName } from '../../src/db/url.js';
import { splitStatements } from '../../src/schema/sql-split.js';
import { groupsAt, modulesAt } from '../../src/packs/kamailio/release.js';

// Debian's package and the prepared tree hold 5.6's scripts.
const GROUPS = groupsAt('5.6');
const MODULES = modulesAt('5.6');
import type { SchemaDump } from './schema-dump.js';

export const UPSTREAM_DIR = process.env.VOIPDB_UPSTREAM_DIR ?? '/tmp/voipdb-upstream';
export const WRITE_FIXTURES = process.env.VOIPDB_WRITE_FIXTURES === '1';
const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures');

const KAM_DIALECT_DIR: Record<DialectName, string> = { postgres: 'postgres', mysql: 'mysql', sqlite: 'db_sqlite' };

/** Where Kamailio 5.6's create scripts are, if anywhere here. */
export function kamailioScriptsDir(): string | undefined {
  for (const d of [join(UPSTREAM_DIR, 'kamailio-5.6'), '/usr/share/kamailio']) {
    if (existsSync(join(d, 'postgres', 'standard-create.sql'))) return d;
  }
  return undefined;
}

/** kamdbctl's order: standard modules, presence, extra, uid, then the modules in no group. */
export function kamdbctlModuleOrder(): string[] {
  const grouped = Object.values(GROUPS).flat();
  return [...grouped, ...Object.keys(MODULES).filter((m) => !grouped.includes(m))];
}

/** Run a script statement by statement. `continueOnError` is psql's default (no ON_ERROR_STOP). */
export async function runScript(
  conn: Connection,
  script: string,
  o: { continueOnError?: boolean } = {},
): Promise<string[]> {
  const errors: string[] = [];
  for (const s of splitStatements(script)) {
    try {
      await conn.exec(s);
    } catch (e) {
      if (!o.continueOnError) throw new Error(`${(e as Error).message}\n  in: ${s.slice(0, 200)}`, { cause: e });
      errors.push(`${(e as Error).message.split('\n')[0]} -- ${s.slice(0, 80).replace(/\s+/g, ' ')}`);
    }
  }
  return errors;
}

/** What `kamdbctl create` does to an empty database, for the chosen modules (all by default). */
export async function kamdbctlCreate(conn: Connection, dir: string, modules = kamdbctlModuleOrder()): Promise<void> {
  if (conn.dialect === 'postgres') {
    // kamdbctl.pgsql: emulate MySQL functions the lcr module uses
    await conn.exec(`CREATE FUNCTION "concat" (text,text) RETURNS text AS 'SELECT $1 || $2;' LANGUAGE 'sql'`);
    await conn.exec(`CREATE FUNCTION "rand" () RETURNS double precision AS 'SELECT random();' LANGUAGE 'sql'`);
  }
  for (const m of modules) {
    await runScript(conn, readFileSync(join(dir, KAM_DIALECT_DIR[conn.dialect], `${m}-create.sql`), 'utf8'));
  }
}

export interface Fixture {
  /** Where the oracle came from: scripts, commit, server. */
  source: string;
  dialect: DialectName;
  schema: SchemaDump;
  /** Seed rows the scripts load, by table (SER 2.0). */
  data?: Record<string, Record<string, unknown>[]>;
  /** Statements the upstream script failed on (kept as the platform's own tool left them). */
  upstreamErrors?: string[];
}

export function fixturePath(area: string, name: string): string {
  return join(FIXTURES, area, `${name}.json`);
}

export function readFixture(area: string, name: string): Fixture {
  return JSON.parse(readFileSync(fixturePath(area, name), 'utf8')) as Fixture;
}

export function writeFixture(area: string, name: string, f: Fixture): void {
  mkdirSync(join(FIXTURES, area), { recursive: true });
  writeFileSync(fixturePath(area, name), JSON.stringify(f, null, 1) + '\n');
}

/** The part of a dump that covers some tables (a group's), for comparing a partial install. */
export function onlyTables(d: SchemaDump, tables: readonly string[]): SchemaDump {
  const keep = new Set(tables);
  return {
    tables: Object.fromEntries(Object.entries(d.tables).filter(([t]) => keep.has(t))),
    versionRows: Object.fromEntries(Object.entries(d.versionRows).filter(([t]) => keep.has(t))),
    ...(d.functions ? { functions: d.functions } : {}),
  };
}

/** Sorted rows of a table, values as strings, for comparing seed data across servers. */
export async function tableRows(conn: Connection, table: string): Promise<Record<string, unknown>[]> {
  const rows = await conn.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
  const norm = rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])),
  );
  return norm.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
