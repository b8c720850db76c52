// Running Asterisk's own alembic (Debian's python3-alembic on a fetched Asterisk tree) as the
// reference oracle. Both are optional: callers skip with a notice when either is absent.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ASTERISK_SETS = ['config', 'voicemail', 'cdr', 'queue_log'] as const;
export type AsteriskSetName = (typeof ASTERISK_SETS)[number];

const PYTHON = process.env.VOIPDB_ALEMBIC_PYTHON ?? '/usr/bin/python3';
const MIRROR = '/work/.mirror/asterisk+asterisk/repo';

let alembicOk: boolean | undefined;
/** Whether `python3 -m alembic` works with a PostgreSQL and a MySQL DBAPI. */
export function alembicAvailable(): boolean {
  if (alembicOk === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import alembic, sqlalchemy, psycopg2, pymysql'], { stdio: 'ignore' });
    alembicOk = r.status === 0;
  }
  return alembicOk;
}

let treeDir: string | null | undefined;
/**
 * The directory holding Asterisk's `contrib/ast-db-manage` (with config/, cdr/, ... and env.py):
 * $VOIPDB_ASTERISK_TREE when set (null when it does not hold env.py), else an export of the
 * fetched mirror, else null.
 */
export function asteriskTree(): string | null {
  if (treeDir !== undefined) return treeDir;
  const env = process.env.VOIPDB_ASTERISK_TREE;
  if (env) return (treeDir = existsSync(join(env, 'env.py')) ? env : null);
  if (existsSync(MIRROR)) {
    const dir = mkdtempSync(join(tmpdir(), 'voipdb-ast-'));
    try {
      execFileSync('sh', ['-c', `git --git-dir="${MIRROR}" archive HEAD contrib/ast-db-manage | tar -x -C "${dir}"`]);
      const p = join(dir, 'contrib/ast-db-manage');
      if (existsSync(join(p, 'env.py'))) return (treeDir = p);
    } catch {
      /* fall through */
    }
  }
  return (treeDir = null);
}

/** SQLAlchemy URL for a voipdb test URL (postgresql://... -> postgresql+psycopg2://...). */
export function sqlalchemyUrl(url: string): string {
  return url
    .replace(/^postgres(ql)?:\/\//, 'postgresql+psycopg2://')
    .replace(/^(mysql|mariadb):\/\//, 'mysql+pymysql://');
}

/**
 * Run `alembic -c <ini> <args...>` for one set, as an admin would from contrib/ast-db-manage
 * (script_location is the bare set name: env.py names the version table after it).
 */
export function runAlembic(set: AsteriskSetName, url: string, args: string[]): string {
  const tree = asteriskTree();
  if (!tree) throw new Error('the Asterisk tree is not available (set VOIPDB_ASTERISK_TREE)');
  const ini = join(mkdtempSync(join(tmpdir(), 'voipdb-ini-')), `${set}.ini`);
  writeFileSync(ini, `[alembic]\nscript_location = ${set}\nsqlalchemy.url = ${sqlalchemyUrl(url)}\n`);
  const r = spawnSync(PYTHON, ['-m', 'alembic', '-c', ini, ...args], { cwd: tree, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`alembic ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
