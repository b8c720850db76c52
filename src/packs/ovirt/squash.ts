// Squash: fold a published series of upgrade scripts (all 04_01_*) into a new base for clean
// installs. The tree is applied up to the series' last script on a scratch database, and what it
// holds becomes create_tables.sql and the data files; the series' scripts leave upgrade/. The new
// base seeds schema_version with the folded scripts' rows, so a clean install's history reads as
// an upgraded one's, and a cherry-pick of a folded script is still recognised. Databases that ran
// the scripts keep their history: the base stands for every version at or below it.

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { VoipdbError } from '../../core/errors.js';
import { silent, type EventSink } from '../../core/events.js';
import { connect } from '../../db/connect.js';
import type { Connection } from '../../db/connection.js';
import { parseTarget, withDatabase } from '../../db/url.js';
import { sqlString } from '../../dialect/dialect.js';
import { diffModels } from '../../schema/diff.js';
import { introspect } from '../../schema/introspect/index.js';
import { ovirtApply } from './apply.js';
import { dumpSchema } from './dump.js';
import { readSchemaVersion } from './schema-version.js';
import { baseVersion, ovirtSetFromTree } from './set.js';
import type { TempFunctionRule } from './temp-functions.js';
import { readTree, type OvirtTree } from './tree.js';
import { parseSeries, seriesLabel, seriesOf } from './version.js';

/** A way two databases differ: the schema toolkit's kinds, plus function and view definitions. */
export interface Drift {
  kind: string;
  object: string;
  message: string;
}

/** Where squash applies trees: fresh, empty PostgreSQL databases, dropped afterwards. */
export interface Scratch {
  create(): Promise<{ conn: Connection; drop(): Promise<void> }>;
}

/** In-memory PGlite (default), or new databases on the PostgreSQL server of an admin URL. */
export function scratchFrom(url?: string): Scratch {
  const admin = parseTarget(url ?? 'pglite:memory');
  if (admin.dialect !== 'postgres') {
    throw new VoipdbError('usage', `squash needs a PostgreSQL scratch server; ${admin.display} is ${admin.dialect}`, {
      hint: 'give --scratch postgresql://user@host/postgres, or leave it out for an in-memory PGlite',
    });
  }
  if (admin.driver === 'pglite') {
    return {
      async create() {
        const conn = await connect({ ...admin, path: 'memory://' });
        return { conn, drop: () => conn.close() };
      },
    };
  }
  return {
    async create() {
      const name = `voipdb_squash_${randomBytes(4).toString('hex')}`;
      const a = await connect(admin);
      try {
        await a.exec(`CREATE DATABASE "${name}"`);
      } finally {
        await a.close();
      }
      const conn = await connect(withDatabase(admin, name));
      // oVirt's trees need uuid-ossp (schema.sh refuses to run without it)
      await conn.exec(`CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`).catch(() => {});
      return {
        conn,
        async drop() {
          await conn.close();
          const b = await connect(admin);
          try {
            await b.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          } finally {
            await b.close();
          }
        },
      };
    },
  };
}

export interface SquashOptions {
  /** The series to fold: '04_01' (or '0401'). */
  series: string;
  /** Directory the squashed tree is written to; the source tree itself when `inPlace`. */
  out?: string;
  inPlace?: boolean;
  scratch?: Scratch;
  /** Apply the squashed tree and the original one from empty and compare them (default true). */
  verify?: boolean;
  tempFunctions?: TempFunctionRule;
  events?: EventSink;
}

export interface SquashResult {
  series: string;
  /** The new base's version: the last folded script's. */
  baseVersion: string;
  folded: string[];
  out: string;
  tables: number;
  /** Clean install from the squashed tree against the original tree applied in full: empty when identical. */
  differences?: Drift[];
}

/** The scripts a squash of `series` folds, checked against the tree's order. */
export function foldedScripts(tree: OvirtTree, series: string) {
  const base = baseVersion(tree)?.version ?? '';
  const above = tree.upgrades.filter((f) => f.version > base);
  const folded = above.filter((f) => seriesOf(f.version) === series);
  if (!folded.length) {
    throw new VoipdbError(
      'usage',
      `no upgrade script of series ${seriesLabel(series + '0000')} above the base (${base || 'none'}) to fold`,
      {
        where: tree.dir,
        hint: `voipdb squash --series <MM_mm> with a series listed in ${join(tree.dir, 'upgrade')}`,
      },
    );
  }
  const last = folded.at(-1)!.version;
  const older = above.filter((f) => f.version < last && seriesOf(f.version) !== series);
  if (older.length) {
    throw new VoipdbError(
      'usage',
      `series ${seriesLabel(series + '0000')} cannot be folded before ${older[0]!.path}: squash the oldest series first`,
      {
        where: tree.dir,
        hint: `voipdb squash --series ${seriesLabel(older[0]!.version)}`,
      },
    );
  }
  return { folded, last };
}

function seedFile(rows: Awaited<ReturnType<typeof readSchemaVersion>>, label: string): string {
  const kept = rows.filter((r) => r.state === 'INSTALLED' || r.state === 'SKIPPED');
  const last = kept.at(-1)?.id;
  const values = kept.map(
    (r) =>
      `  (${[r.version, r.script, r.checksum ?? '', r.installed_by].map(sqlString).join(', ')}, now(), now(), ${sqlString(r.state)}, ${r.id === last ? 'true' : 'false'}, ${sqlString(r.comment ?? '')})`,
  );
  return `-- schema_version as it stood after series ${label}: the base stands for these scripts (squashed by voipdb).
INSERT INTO schema_version (version, script, checksum, installed_by, started_at, ended_at, state, current, comment) VALUES
${values.join(',\n')};
`;
}

/**
 * Apply a tree from empty. `scriptsOnly`: the base, the pre-upgrade hooks and the versioned scripts,
 * without recreating views and procedures or running post-upgrade hooks — the tree's current views
 * may need columns later scripts add, and a clean install from the new base runs them anyway.
 */
async function applyOn(scratch: Scratch, tree: OvirtTree, opts: SquashOptions, scriptsOnly = false) {
  const db = await scratch.create();
  try {
    let set = ovirtSetFromTree(tree, { tempFunctions: opts.tempFunctions });
    if (scriptsOnly)
      set = { ...set, migrations: set.migrations.filter((m) => m.kind !== 'repeatable'), postUpgrade: [] };
    await ovirtApply(db.conn, set, { events: opts.events });
    return db;
  } catch (e) {
    await db.drop().catch(() => {});
    throw e;
  }
}

/** Functions and procedures by signature (overloads apart), with their definitions. */
async function routines(conn: Connection): Promise<Map<string, string>> {
  const rows = await conn.query<{ sig: string; def: string }>(
    `SELECT p.oid::regprocedure::text AS sig, pg_get_functiondef(p.oid) AS def FROM pg_proc p
      WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind IN ('f', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
  );
  return new Map(rows.map((r) => [r.sig, r.def]));
}

/** Tables, columns, keys, indexes, views and triggers compared by the schema toolkit; functions and view bodies by definition. */
export async function compareDatabases(expected: Connection, actual: Connection): Promise<Drift[]> {
  const [e, a] = [await introspect(expected), await introspect(actual)];
  const out: Drift[] = diffModels(e, a, 'postgres');
  const [ef, af] = [await routines(expected), await routines(actual)];
  for (const [sig, def] of [...ef].sort()) {
    if (!af.has(sig)) out.push({ kind: 'missing-function', object: sig, message: `function ${sig}: missing` });
    else if (af.get(sig) !== def)
      out.push({ kind: 'function-definition', object: sig, message: `function ${sig}: definition differs` });
  }
  for (const sig of [...af.keys()].sort())
    if (!ef.has(sig))
      out.push({ kind: 'extra-function', object: sig, message: `function ${sig}: not expected (extra)` });
  for (const name of Object.keys(e.views).sort()) {
    const av = a.views[name];
    if (av && JSON.stringify(av.sql) !== JSON.stringify(e.views[name]!.sql))
      out.push({ kind: 'view-definition', object: name, message: `view ${name}: definition differs` });
  }
  return out;
}

export async function squash(dir: string, opts: SquashOptions): Promise<SquashResult> {
  const events = opts.events ?? silent;
  const series = parseSeries(opts.series);
  if (!series)
    throw new VoipdbError('usage', `"${opts.series}" is not a series: expected MM_mm, e.g. 04_01`, {
      hint: 'voipdb squash --series 04_01 --dir <dbscripts> --out <new dir>',
    });
  const src = resolve(dir);
  const tree = readTree(src);
  const { folded, last } = foldedScripts(tree, series);
  const out = opts.inPlace ? src : opts.out ? resolve(opts.out) : undefined;
  if (!out)
    throw new VoipdbError('usage', 'squash needs --out <directory> (or --in-place)', {
      hint: 'voipdb squash --series 04_01 --dir dbscripts --out dbscripts.squashed',
    });
  if (out !== src && existsSync(out) && readdirSync(out).length) {
    throw new VoipdbError('refused', `${out} is not empty: squash writes a whole tree there`, {
      hint: 'give an empty or new directory to --out',
    });
  }
  const scratch = opts.scratch ?? scratchFrom();
  const label = seriesLabel(series + '0000');

  // 1. The tree up to the series' last script, from empty.
  events({
    type: 'log',
    level: 'info',
    message: `applying ${tree.upgrades.filter((f) => f.version <= last).length} script(s) up to ${last} on a scratch database`,
  });
  const db = await applyOn(scratch, { ...tree, upgrades: tree.upgrades.filter((f) => f.version <= last) }, opts, true);
  let dump;
  let seed;
  try {
    dump = await dumpSchema(db.conn, { rowsOnly: ['voipdb_config_defaults'] });
    seed = seedFile(await readSchemaVersion(db.conn), label);
  } finally {
    await db.drop();
  }

  // 2. The new tree: base files from the scratch database, the series' scripts gone.
  if (out !== src) {
    mkdirSync(out, { recursive: true });
    cpSync(src, out, { recursive: true });
  }
  writeFileSync(
    join(out, 'create_tables.sql'),
    `-- Base schema after series ${label} (voipdb squash of ${folded.length} upgrade script(s), ${folded[0]!.path} .. ${folded.at(-1)!.path}).\n-- Views, functions and triggers come from create_views.sql and *_sp.sql; rows from data/.\n\n${dump.ddl}`,
  );
  const dataDir = join(out, 'data');
  mkdirSync(dataDir, { recursive: true });
  for (const f of readdirSync(dataDir)) if (/insert_.*\.sql$/.test(f)) rmSync(join(dataDir, f));
  writeFileSync(join(dataDir, '00000_insert_schema_version.sql'), seed);
  writeFileSync(
    join(dataDir, '00100_insert_squashed_data.sql'),
    `-- Rows after series ${label} (voipdb squash).\n\n${dump.data}`,
  );
  for (const f of folded) rmSync(join(out, f.path));

  const result: SquashResult = {
    series: label,
    baseVersion: last,
    folded: folded.map((f) => f.path),
    out,
    tables: dump.tables.length,
  };

  // 3. A clean install from the squashed tree must end where the original tree ends.
  if (opts.verify !== false) {
    events({
      type: 'log',
      level: 'info',
      message: 'verifying: clean install from the squashed tree against the original tree applied in full',
    });
    const squashed = await applyOn(scratch, readTree(out), opts);
    try {
      const original = await applyOn(scratch, tree, opts);
      try {
        result.differences = await compareDatabases(original.conn, squashed.conn);
      } finally {
        await original.drop();
      }
    } finally {
      await squashed.drop();
    }
  }
  return result;
}
