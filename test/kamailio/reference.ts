// The oracle for every Kamailio release: the statements of each release's create scripts
// (test/fixtures/kamailio/create-scripts.json, written by scripts/kamailio-fixtures.mjs from the
// release tags), run on a real server as `kamdbctl create` runs them. Tests compare the catalog
// of that database with what voipdb makes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '../../src/db/connection.js';
import type { DialectName } from '../../src/db/url.js';
import { FIXTURES } from './upstream.js';
import { GROUPS } from '../../src/packs/kamailio/index.js';
import { modulesOf } from '../../src/packs/kamailio/groups.js';
import type { Release } from '../../src/packs/kamailio/release.js';
import { freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { dumpSchema, type SchemaDump } from './schema-dump.js';

interface CreateScripts {
  tags: Record<string, string>;
  dialects: Record<DialectName, Record<string, Record<string, string[] | null>>>;
}

const data = JSON.parse(readFileSync(join(FIXTURES, 'kamailio', 'create-scripts.json'), 'utf8')) as CreateScripts;

export const REF_RELEASES = Object.keys(data.tags);

/** module -> its script's statements, at a release, for a dialect. */
export function referenceScripts(dialect: DialectName, release: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of REF_RELEASES.slice(0, REF_RELEASES.indexOf(release) + 1)) {
    for (const [m, s] of Object.entries(data.dialects[dialect][r]!)) {
      if (s === null) delete out[m];
      else out[m] = s;
    }
  }
  return out;
}

/** Modules whose scripts all three dialects have at a release (before 6.0 the ims_* ones are MySQL's alone). */
export function referenceModules(release: string): string[] {
  const [pg, my, sq] = (['postgres', 'mysql', 'sqlite'] as const).map((d) => Object.keys(referenceScripts(d, release)));
  return pg!
    .filter((m) => my!.includes(m) && sq!.includes(m))
    .sort((a, b) => (a === 'standard' ? -1 : b === 'standard' ? 1 : a < b ? -1 : 1));
}

/** What `kamdbctl create` does to an empty database at a release: the helpers (PostgreSQL), then each module's script, standard first. */
export async function referenceCreate(
  conn: Connection,
  release: string,
  modules = referenceModules(release),
): Promise<void> {
  if (conn.dialect === 'postgres') {
    await conn.exec(`CREATE FUNCTION "concat" (text,text) RETURNS text AS 'SELECT $1 || $2;' LANGUAGE 'sql'`);
    await conn.exec(`CREATE FUNCTION "rand" () RETURNS double precision AS 'SELECT random();' LANGUAGE 'sql'`);
  }
  const scripts = referenceScripts(conn.dialect, release);
  for (const m of modules) {
    for (const s of scripts[m] ?? []) {
      try {
        await conn.exec(s);
      } catch (e) {
        throw new Error(`${release} ${m}: ${(e as Error).message}\n  in: ${s.slice(0, 160)}`, { cause: e });
      }
    }
  }
}

/** A dump with each table's columns in name order: PostgreSQL can only append a column, so an upgraded table keeps its rows in another order. */
export function columnsByName(d: SchemaDump): SchemaDump {
  const tables = Object.fromEntries(
    Object.entries(d.tables).map(([t, x]) => [
      t,
      { ...x, columns: [...x.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) },
    ]),
  );
  return { ...d, tables };
}

/** Modules that cannot share a database with the groups (ims_dialog has a dialog_vars of its own): tested alone. */
export const ALONE = ['ims_dialog'];

/** Every group and every module in none, at a release: all that can share one database. */
export function everything(release: string): string[] {
  const grouped = new Set(Object.keys(GROUPS).flatMap((g) => modulesOf(g, release as Release)));
  return [...Object.keys(GROUPS), ...referenceModules(release).filter((m) => !grouped.has(m) && !ALONE.includes(m))];
}

/** The modules those choices create, for the reference database (standard's script makes the version table). */
export function modulesFor(release: string, choices: string[]): string[] {
  return ['standard', ...choices.flatMap((c) => modulesOf(c, release as Release)).filter((m) => m !== 'standard')];
}

/** The catalog of a fresh database made by a release's scripts (the database goes on `made`, to be dropped). */
export async function referenceDump(
  backend: BackendName,
  release: string,
  modules: string[],
  made: TestDb[],
): Promise<SchemaDump> {
  const db = await freshDb(backend, 'vt_kref');
  made.push(db);
  const conn = await db.connect();
  try {
    await referenceCreate(conn, release, modules);
    return await dumpSchema(conn);
  } finally {
    await conn.close();
  }
}
