// The layout of an oVirt `dbscripts` tree, read once: base files for a clean install, the
// versioned upgrade scripts, the pre/post-upgrade hooks, and the views and stored procedures
// that are dropped before and recreated after an upgrade.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { VoipdbError } from '../../core/errors.js';
import { upgradeVersion } from './version.js';

export interface TreeFile {
  /** Path relative to the tree, as schema.sh records it ('upgrade/04_01_0010_x.sql'). */
  path: string;
  text: string;
  /** md5 of the bytes, as `md5sum` gives it: what schema_version.checksum holds. */
  md5: string;
}

export interface UpgradeFile extends TreeFile {
  version: string;
  /** Helper files named by `--#source x_sp.sql` lines at the top of the script. */
  sources: TreeFile[];
}

/** A row the base's data files seed into schema_version. */
export interface SeedRow {
  version: string;
  script: string;
  checksum: string;
}

export interface OvirtTree {
  dir: string;
  /** create_tables.sql, create_functions.sql, common_sp.sql, data/*insert_*.sql — in clean-install order. */
  base: TreeFile[];
  createFunctions?: TreeFile;
  commonSp?: TreeFile;
  updateSequences?: TreeFile;
  upgrades: UpgradeFile[];
  pre: TreeFile[];
  post: TreeFile[];
  /** create_views.sql, create_dwh_views.sql: recreated first after an upgrade. */
  views: TreeFile[];
  /** Every *sp.sql of the tree, sorted by path (common_sp.sql among them). */
  procedures: TreeFile[];
  /** Rows the base seeds into schema_version (data/*insert_schema_version*.sql). */
  seed: SeedRow[];
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function md5(bytes: Buffer | string): string {
  return createHash('md5').update(bytes).digest('hex');
}

function readTreeFile(dir: string, abs: string): TreeFile {
  const bytes = readFileSync(abs);
  return { path: relative(dir, abs).split('\\').join('/'), text: bytes.toString('utf8'), md5: md5(bytes) };
}

function filesIn(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => keep(f) && statSync(join(dir, f)).isFile())
    .sort(byteOrder)
    .map((f) => join(dir, f));
}

/** Every file under `dir` whose name matches, at any depth, sorted by path as `find | sort` does. */
function findAll(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (keep(f)) out.push(p);
    }
  };
  walk(dir);
  return out.sort(byteOrder);
}

/** `--#source x_sp.sql` lines: only at the top of the script, each naming an *_sp.sql of the tree. */
export function sourceLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^--#source\s+(\S+)/.exec(line.trim());
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

function sourcesOf(dir: string, script: string, text: string): TreeFile[] {
  return sourceLines(text).map((name) => {
    if (!name.endsWith('_sp.sql')) {
      throw new VoipdbError('usage', `--#source ${name} in ${script}: source files must end with _sp.sql`, {
        where: script,
        hint: `move the helper functions into a file named <name>_sp.sql and source that`,
      });
    }
    const abs = join(dir, name);
    if (!existsSync(abs)) {
      throw new VoipdbError('not-found', `--#source ${name} in ${script}: no such file in the tree`, {
        where: script,
        hint: `add ${name} next to create_tables.sql`,
      });
    }
    return readTreeFile(dir, abs);
  });
}

/** Seed rows: `('04010000','upgrade/04_01_0000_set_version.sql','0', ...)` tuples of the schema_version inserts. */
export function parseSeed(text: string): SeedRow[] {
  const out: SeedRow[] = [];
  const inserts = text.match(/insert\s+into\s+schema_version\b[\s\S]*?;/gi) ?? [];
  for (const ins of inserts) {
    for (const m of ins.matchAll(/\(\s*'(\d{8})'\s*,\s*'([^']*)'\s*,\s*'([^']*)'/g))
      out.push({ version: m[1]!, script: m[2]!, checksum: m[3]! });
  }
  return out;
}

export function readTree(dirPath: string): OvirtTree {
  const dir = resolve(dirPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new VoipdbError('not-found', `dbscripts directory ${dirPath} does not exist`, {
      hint: 'point --dir at an oVirt-style dbscripts tree (create_tables.sql, upgrade/...)',
    });
  }
  const upgradeDir = join(dir, 'upgrade');
  if (!existsSync(upgradeDir)) {
    throw new VoipdbError('not-found', `${dirPath} has no upgrade/ directory`, {
      where: dir,
      hint: 'an oVirt dbscripts tree keeps its versioned scripts in upgrade/MM_mm_nnnn_Name.sql',
    });
  }
  const opt = (name: string) => (existsSync(join(dir, name)) ? readTreeFile(dir, join(dir, name)) : undefined);
  const createTables = opt('create_tables.sql');
  const createFunctions = opt('create_functions.sql');
  const commonSp = opt('common_sp.sql');
  const data = filesIn(join(dir, 'data'), (f) => /insert_.*\.sql$/.test(f)).map((p) => readTreeFile(dir, p));
  const base = createTables
    ? [createTables, ...(createFunctions ? [createFunctions] : []), ...(commonSp ? [commonSp] : []), ...data]
    : [];

  const scripts = filesIn(upgradeDir, (f) => f.endsWith('.sql') || f.endsWith('.sh'));
  const upgrades: UpgradeFile[] = scripts.map((abs) => {
    const f = readTreeFile(dir, abs);
    if (abs.endsWith('.sh')) {
      throw new VoipdbError(
        'usage',
        `${f.path} is a shell script: voipdb runs SQL upgrade scripts only, each in its own transaction`,
        {
          where: dir,
          hint: `rewrite ${f.path} as SQL (a DO block can hold the logic), then run the upgrade again`,
        },
      );
    }
    return { ...f, version: upgradeVersion(abs, dir), sources: sourcesOf(dir, f.path, f.text) };
  });
  const seed = data.filter((f) => /schema_version/.test(f.path)).flatMap((f) => parseSeed(f.text));

  return {
    dir,
    base,
    createFunctions,
    commonSp,
    updateSequences: opt('update_sequence_numbers.sql'),
    upgrades,
    pre: filesIn(join(upgradeDir, 'pre_upgrade'), (f) => f.endsWith('.sql')).map((p) => readTreeFile(dir, p)),
    post: filesIn(join(upgradeDir, 'post_upgrade'), (f) => f.endsWith('.sql')).map((p) => readTreeFile(dir, p)),
    views: ['create_views.sql', 'create_dwh_views.sql'].map(opt).filter((f): f is TreeFile => !!f),
    procedures: findAll(dir, (f) => f.endsWith('sp.sql')).map((p) => readTreeFile(dir, p)),
    seed,
  };
}
