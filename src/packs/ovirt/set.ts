// An oVirt dbscripts tree as a voipdb script set:
//   clean install   base files (create_tables.sql, create_functions.sql, common_sp.sql,
//                   data/*insert_*.sql) as the set's baseline, then the upgrade scripts;
//   every upgrade   drop views and functions, load the generic functions and fn_db_* helpers,
//                   pre_upgrade/* in lexical order; upgrade/MM_mm_nnnn_*.sql newer than the
//                   database, in order; views and *sp.sql recreated; post_upgrade/*.
// Duplicate versions and gaps larger than 10 within a series stop the run before anything runs
// (the engine's 'ovirt' convention); `--#source x_sp.sql` helpers run before their script; a
// script whose text is already installed under another version is recorded as SKIPPED.

import { basename } from 'node:path';
import type { Migration, ScriptSet } from '../../engine/types.js';
import { functionsDefinedIn } from './helpers.js';
import { generics, hookStep, joinSql, prepareStep, treeFunctionNames, viewsAndProcedures } from './refresh.js';
import { SchemaVersion } from './schema-version.js';
import type { TempFunctionRule } from './temp-functions.js';
import { readTree, type OvirtTree, type SeedRow, type UpgradeFile } from './tree.js';

export const OVIRT_SET = 'ovirt';

export interface OvirtSetOptions {
  /** Set name in voipdb's history (default 'ovirt'). */
  name?: string;
  /**
   * A __temp_ function still there when its script ends: 'fail' the script (default), or 'drop'
   * it with a warning, for trees that break the rule (ovirt-engine's 04_02_0740 drops the wrong signature).
   */
  tempFunctions?: TempFunctionRule;
}

/** The version the base stands for: the newest row it seeds into schema_version. */
export function baseVersion(tree: OvirtTree): SeedRow | undefined {
  return [...tree.seed].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0)).at(-1);
}

function describe(file: string): string {
  return basename(file, '.sql').slice(11).replace(/[_-]/g, ' ');
}

function upgradeMigration(f: UpgradeFile, installedAs: string | undefined): Migration {
  const m: Migration = {
    version: f.version,
    description: installedAs ? `${describe(f.path)} (installed already by ${installedAs})` : describe(f.path),
    kind: 'versioned',
    script: f.path,
    up: { sql: f.text },
    sources: f.sources.map((s) => s.text),
    // CREATE INDEX CONCURRENTLY cannot run in a transaction: the engine runs such a script statement by statement
    transactional: !/\bCONCURRENTLY\b/i.test(f.text),
  };
  // The cherry-pick case inside one tree: the same bytes under a later version never run again;
  // the engine records the step as skipped and schema_version gets SKIPPED "Installed already by".
  if (installedAs) m.dialects = [];
  return m;
}

export function ovirtSetFromTree(tree: OvirtTree, opts: OvirtSetOptions = {}): ScriptSet {
  const defined = treeFunctionNames(tree, functionsDefinedIn);
  const base = baseVersion(tree);
  const baseV = base?.version ?? '';

  // Scripts at or below the base's version are folded into it (04_01_0000_set_version.sql).
  const upgrades = tree.upgrades.filter((f) => f.version > baseV);
  const firstByMd5 = new Map<string, string>();
  for (const s of tree.seed) if (s.checksum.length === 32) firstByMd5.set(s.checksum, s.version);
  const migrations: Migration[] = [];

  if (tree.base.length) {
    migrations.push({
      version: baseV || '00000000',
      description: `clean install: ${tree.base.map((f) => f.path).join(', ')}`,
      kind: 'baseline',
      // Named and checked by create_tables.sql: the helpers, create_functions.sql and *_sp.sql it
      // loads are recreated on every upgrade and may change; the data files seed rows once.
      script: 'create_tables.sql',
      checksumText: tree.base[0]!.text,
      // the helpers first, so data files may call them; then the files in schema.sh's order
      up: {
        sql: joinSql([
          generics({ ...tree, createFunctions: undefined, commonSp: undefined }, defined),
          ...tree.base.map((f) => f.text),
        ]),
      },
    });
  }
  // Versions are compared as schema.sh compares them: numerically.
  const ordered = [...upgrades].sort((a, b) => Number(a.version) - Number(b.version) || (a.path < b.path ? -1 : 1));
  for (const f of ordered) {
    const installedAs = firstByMd5.get(f.md5);
    migrations.push(upgradeMigration(f, installedAs));
    if (!installedAs) firstByMd5.set(f.md5, f.version);
  }
  const rule = opts.tempFunctions ?? 'fail';
  const repeatable = viewsAndProcedures(tree, rule);
  if (repeatable) migrations.push(repeatable);

  const md5 = new Map(tree.upgrades.map((f) => [f.path, f.md5]));
  return {
    name: opts.name ?? OVIRT_SET,
    dir: tree.dir,
    convention: 'ovirt',
    migrations,
    preUpgrade: [prepareStep(tree, defined), ...tree.pre.map((f) => hookStep(f, 'pre', rule))],
    postUpgrade: tree.post.map((f) => hookStep(f, 'post', rule)),
    versionRecords: [
      new SchemaVersion({
        md5,
        tempFunctions: rule,
        baseCreatesTable: tree.base.some((f) =>
          /create\s+table\s+(if\s+not\s+exists\s+)?(public\.)?schema_version\b/i.test(f.text),
        ),
      }),
    ],
  };
}

/** The script set of an oVirt-style dbscripts tree. */
export function ovirtSet(dir: string, opts: OvirtSetOptions = {}): ScriptSet {
  return ovirtSetFromTree(readTree(dir), opts);
}
