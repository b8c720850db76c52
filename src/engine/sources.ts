// A directory of SQL files (or TS/JS migration modules) is a script set. The naming convention
// is detected from the files, or configured.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VoipdbError } from '../core/errors.js';
import type { Migration, MigrationBody, ScriptSet } from './types.js';

export type Convention = 'flyway' | 'ovirt' | 'numbered' | 'xivo-legacy' | 'modules';

interface ParsedName {
  version: string;
  description: string;
  kind: 'versioned' | 'repeatable' | 'undo';
}

const PATTERNS: Record<Exclude<Convention, 'modules'>, (file: string) => ParsedName | undefined> = {
  flyway(f) {
    let m = /^([VU])(\d+(?:[._]\d+)*)__(.+)\.sql$/i.exec(f);
    if (m)
      return {
        version: m[2]!.replace(/_/g, '.'),
        description: m[3]!.replace(/_/g, ' '),
        kind: m[1]!.toUpperCase() === 'U' ? 'undo' : 'versioned',
      };
    m = /^R__(.+)\.sql$/i.exec(f);
    if (m) return { version: '', description: m[1]!.replace(/_/g, ' '), kind: 'repeatable' };
    return undefined;
  },
  ovirt(f) {
    const m = /^(\d{2})_(\d{2})_(\d{4})_(.+)\.sql$/.exec(f);
    return m
      ? { version: `${m[1]}${m[2]}${m[3]}`, description: m[4]!.replace(/_/g, ' '), kind: 'versioned' }
      : undefined;
  },
  numbered(f) {
    const m = /^(\d+)[_-](.+?)(\.down|\.up)?\.sql$/.exec(f);
    return m
      ? { version: m[1]!, description: m[2]!.replace(/_/g, ' '), kind: m[3] === '.down' ? 'undo' : 'versioned' }
      : undefined;
  },
  'xivo-legacy'(f) {
    const m = /^([a-z]+)-(\d+)\.sql$/.exec(f);
    return m ? { version: m[2]!, description: `${m[1]} update ${m[2]}`, kind: 'versioned' } : undefined;
  },
};

const MODULE_EXT = /\.(m?js|ts)$/;

/** The conventions a file name can follow, as a hint names them. */
export const CONVENTION_NAMES =
  'V<version>__<desc>.sql / R__<desc>.sql (Flyway), MM_mm_nnnn_<desc>.sql (oVirt), NNNN_<desc>.sql (numbered), <db>-NNN.sql (XiVO legacy), NNNN_<desc>.js/.mjs/.ts (modules)';

/** A warning naming the files of a directory set that no convention matched (they are not run). */
export function unmatchedWarning(set: ScriptSet): string | undefined {
  if (!set.unmatched?.length) return undefined;
  return `set ${set.name}: ${set.unmatched.join(', ')} match${set.unmatched.length === 1 ? 'es' : ''} no naming convention (${set.convention}) and ${set.unmatched.length === 1 ? 'is' : 'are'} not run — rename to ${CONVENTION_NAMES}`;
}

export function detectConvention(files: string[]): Convention {
  const sql = files.filter((f) => f.endsWith('.sql'));
  if (sql.length === 0 && files.some((f) => MODULE_EXT.test(f) && !f.endsWith('.d.ts'))) return 'modules';
  const score = (c: Exclude<Convention, 'modules'>) => sql.filter((f) => PATTERNS[c](f)).length;
  const order: Exclude<Convention, 'modules'>[] = ['flyway', 'ovirt', 'xivo-legacy', 'numbered'];
  let best: Exclude<Convention, 'modules'> = 'numbered';
  let bestScore = 0;
  for (const c of order) {
    const s = score(c);
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

/** `--#source helper.sql` lines name helper files loaded before the script (oVirt). */
function sourcesOf(text: string, dir: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^--#source\s+(\S+)/gm)) {
    const candidates = [join(dir, m[1]!), join(dirname(dir), m[1]!)];
    const found = candidates.find((p) => existsSync(p));
    if (!found)
      throw new VoipdbError('not-found', `--#source ${m[1]} not found next to the script or in its parent directory`, {
        where: dir,
        hint: `add ${m[1]} to ${dir}`,
      });
    out.push(readFileSync(found, 'utf8'));
  }
  return out;
}

/**
 * The regular files in a directory (symbolic links followed); the entry types save a stat per file.
 * Hidden files are never migrations (a TS module's transpiled copy is one while it loads).
 */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .filter((e) => e.isFile() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isFile()))
    .map((e) => e.name);
}

function sqlFiles(dir: string): string[] {
  return existsSync(dir)
    ? filesIn(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
    : [];
}

function hooks(dir: string, kind: 'pre' | 'post'): Migration[] {
  return sqlFiles(dir).map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    return {
      version: f,
      description: `${kind}-upgrade ${f}`,
      kind: 'repeatable' as const,
      script: `${basename(dir)}/${f}`,
      up: { sql: text },
      sources: sourcesOf(text, dir),
    };
  });
}

export interface DirectorySetOptions {
  name?: string;
  convention?: Convention;
}

export async function loadDirectorySet(dirPath: string, opts: DirectorySetOptions = {}): Promise<ScriptSet> {
  const dir = resolve(dirPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new VoipdbError('not-found', `script directory ${dirPath} does not exist`, {
      hint: 'point --dir at a directory of migration files',
    });
  }
  // oVirt trees keep versioned scripts under upgrade/, hooks under upgrade/pre_upgrade.
  const versionDir =
    existsSync(join(dir, 'upgrade')) && !sqlFiles(dir).some((f) => /^V\d/.test(f)) ? join(dir, 'upgrade') : dir;
  const files = filesIn(versionDir);
  const convention = opts.convention ?? detectConvention(files);
  const name = opts.name ?? basename(dir);
  const migrations: Migration[] = [];
  // SQL files no convention matches are never run: an error when no file matches, else a warning.
  const unmatched: string[] = [];

  if (convention === 'modules') {
    for (const f of files.filter((x) => MODULE_EXT.test(x) && !x.endsWith('.d.ts')).sort())
      migrations.push(await loadModule(join(versionDir, f)));
  } else {
    const parse = PATTERNS[convention];
    const undo = new Map<string, string>();
    for (const f of files.filter((x) => x.endsWith('.sql')).sort()) {
      const p = parse(f);
      if (!p) {
        unmatched.push(f);
        continue;
      }
      const text = readFileSync(join(versionDir, f), 'utf8');
      if (p.kind === 'undo') {
        undo.set(p.version, text);
        continue;
      }
      migrations.push({
        version: p.kind === 'repeatable' ? f : p.version,
        description: p.description,
        kind: p.kind,
        script: f,
        up: { sql: text },
        sources: sourcesOf(text, versionDir),
        transactional: !/^--\s*voipdb:\s*no-transaction/im.test(text),
      });
    }
    for (const m of migrations) {
      const down = undo.get(m.version);
      if (down !== undefined) m.down = { sql: down };
    }
    if (unmatched.length && !migrations.length && !undo.size)
      throw new VoipdbError('usage', `no file in ${dirPath} matches a naming convention: ${unmatched.join(', ')}`, {
        where: versionDir,
        hint: `rename them as ${CONVENTION_NAMES}`,
      });
  }
  // Repeatables may also live in repeatable/ (views, functions, procedures).
  for (const m of hooks(join(dir, 'repeatable'), 'pre'))
    migrations.push({ ...m, description: `repeatable ${m.version}`, version: m.script });

  return {
    name,
    dir,
    convention: convention === 'modules' ? 'numbered' : convention,
    migrations,
    ...(unmatched.length ? { unmatched } : {}),
    preUpgrade: hooks(join(versionDir, 'pre_upgrade'), 'pre').concat(
      versionDir !== dir ? hooks(join(dir, 'pre_upgrade'), 'pre') : [],
    ),
    postUpgrade: hooks(join(versionDir, 'post_upgrade'), 'post').concat(
      versionDir !== dir ? hooks(join(dir, 'post_upgrade'), 'post') : [],
    ),
  };
}

/** A TS/JS module: `export const description`, `export function up(op, ctx)` or `export const up = 'SQL'`, optional down/transactional/version/parent. */
async function loadModule(file: string): Promise<Migration> {
  let mod: Record<string, unknown>;
  try {
    mod = file.endsWith('.ts') ? await importTs(file) : await import(pathToFileURL(file).href);
  } catch (e) {
    if (e instanceof VoipdbError) throw e;
    throw new VoipdbError(
      'usage',
      `cannot load migration module ${basename(file)}: ${(e as Error).message.split('\n')[0]}`,
      { where: file, hint: 'fix the module, then run the command again' },
    );
  }
  const base = basename(file).replace(MODULE_EXT, '');
  const parsed = PATTERNS.flyway(base + '.sql') ?? PATTERNS.numbered(base + '.sql');
  const body = (v: unknown): MigrationBody | undefined =>
    typeof v === 'function'
      ? { ops: v as never }
      : typeof v === 'string' || (v && typeof v === 'object')
        ? { sql: v as string }
        : undefined;
  const up = body(mod.up);
  if (!up)
    throw new VoipdbError('usage', `migration module ${basename(file)} has no "up" export`, {
      where: file,
      hint: 'export function up(op) { ... } or export const up = "SQL"',
    });
  return {
    version: String(mod.version ?? mod.revision ?? parsed?.version ?? base),
    parent:
      mod.down_revision !== undefined
        ? (mod.down_revision as string | null)
        : mod.parent !== undefined
          ? (mod.parent as string | null)
          : undefined,
    description: String(mod.description ?? parsed?.description ?? base),
    kind: 'versioned',
    script: basename(file),
    up,
    down: body(mod.down),
    transactional: mod.transactional !== false,
  };
}

/** .ts migrations are transpiled with TypeScript when it is installed (a devDependency of most projects). */
async function importTs(file: string): Promise<Record<string, unknown>> {
  let ts: typeof import('typescript');
  try {
    ts = (await import('typescript')).default;
  } catch {
    throw new VoipdbError(
      'missing-driver',
      `${basename(file)} is TypeScript and the "typescript" package is not installed`,
      { hint: 'npm install typescript, or write the migration as .js/.mjs' },
    );
  }
  const out = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  // Beside the source, so that its imports resolve as they would from it (`import { t } from
  // 'voipdb'`, a helper next to it); in a temporary directory when that directory is read-only.
  const name = `.${basename(file, extname(file))}.${process.pid}-${Date.now()}.voipdb.mjs`;
  let js = join(dirname(file), name);
  try {
    writeFileSync(js, out.outputText, { flag: 'wx' });
  } catch {
    js = join(mkdtempSync(join(tmpdir(), 'voipdb-mod-')), name);
    writeFileSync(js, out.outputText);
  }
  try {
    return await import(pathToFileURL(js).href);
  } finally {
    rmSync(js, { force: true });
  }
}
