// XiVO's old system side by side with the new one. Until 14.07, xivo-manage-db upgraded its two
// databases with numbered scripts `<db>-NNN.sql` and remembered the last one run in state files
// `<db>-last` (default /var/lib/xivo-manage-db/update-db). xivo-update-db 14.08 ran the remaining
// old scripts, merged `xivo` into `asterisk` (pg-merge-db), removed the state files and went on
// with alembic. This module does the same, once, without running anything twice:
//
// - status as xivo-check-db-old reported it: per database, the state file's id (text before the
//   first '.') against the highest script's number; NOK (last is N) when they differ.
// - scripts are pending when their id (`166.sql`: file name minus `<db>-`) is greater than the
//   state file's content compared AS STRINGS, exactly as xivo-update-db-old compared them
//   (`'99.sql' > '100.sql'`: XiVO's ids are zero-padded to 3 digits, so this held for them).
// - each script runs with ON_ERROR_STOP semantics; the state file is rewritten after each success
//   (as the old tool's `finally` did) and a history row is written in voipdb's history.
// - the switch: a history row records that the legacy scripts are done, then the state files
//   are removed. A state file found after that row (a crash in between) is just removed.

import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { VoipdbError } from '../../core/errors.js';
import { silent, type EventSink } from '../../core/events.js';
import { redact } from '../../core/redact.js';
import type { Connection } from '../../db/connection.js';
import { dialectOf } from '../../dialect/index.js';
import { checksum } from '../../engine/checksum.js';
import { hasRow, insertRowSql, scriptsOf } from '../../engine/history.js';
import { ensureOwnTables } from '../../engine/own-tables.js';

export const DEFAULT_STATE_DIR = '/var/lib/xivo-manage-db/update-db';
export const DEFAULT_MIGRATION_DIR = '/usr/share/xivo-manage-db/migration';
export const LEGACY_DATABASES = ['asterisk', 'xivo'];
/** voipdb history: one set per legacy database, and the switch itself. */
export const legacySetOf = (db: string) => `xivo/legacy-${db}`;
export const SWITCH_SET = 'xivo/legacy';

export interface LegacyOptions {
  stateDir?: string;
  migrationDir?: string;
  databases?: string[];
  /** The database holding voipdb's history (after the merge, asterisk): consulted for a finished switch. */
  conn?: Connection;
}

export interface LegacyScript {
  file: string;
  /** The old tool's update id: the file name minus `<db>-` (e.g. `166.sql`). */
  id: string;
}

export interface LegacyDbStatus {
  db: string;
  stateFile: string;
  /** State file content, stripped; null when the file is absent. */
  last: string | null;
  /** The highest script's number (`166`), as xivo-check-db-old printed it. */
  latest: string | null;
  ok: boolean;
  pending: LegacyScript[];
}

export interface LegacyStatus {
  /** Legacy system active: a state file exists (and the switch is not recorded). */
  active: boolean;
  /** The switch is recorded in voipdb's history. */
  switched: boolean;
  /** State files left behind by an interrupted switch (to be removed). */
  stale: string[];
  stateDir: string;
  migrationDir: string;
  databases: LegacyDbStatus[];
  /** The lines xivo-check-db-old printed. */
  lines: string[];
}

function dirs(opts: LegacyOptions): { stateDir: string; migrationDir: string; databases: string[] } {
  return {
    stateDir: opts.stateDir ?? DEFAULT_STATE_DIR,
    migrationDir: opts.migrationDir ?? DEFAULT_MIGRATION_DIR,
    databases: opts.databases ?? LEGACY_DATABASES,
  };
}

/** Scripts of `db`, in the old tool's order (sorted file names). */
export function legacyScripts(migrationDir: string, db: string): LegacyScript[] {
  if (!existsSync(migrationDir)) return [];
  const prefix = `${db}-`;
  return readdirSync(migrationDir)
    .filter((f) => f.startsWith(prefix))
    .sort()
    .map((file) => ({ file, id: file.slice(prefix.length) }));
}

function readState(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function switchRecorded(conn: Connection | undefined): Promise<boolean> {
  if (!conn) return false;
  return hasRow(conn, dialectOf(conn.dialect), SWITCH_SET, { state: 'applied' });
}

async function appliedLegacy(conn: Connection | undefined, db: string): Promise<Set<string>> {
  if (!conn) return new Set();
  return scriptsOf(conn, dialectOf(conn.dialect), legacySetOf(db), { kind: 'versioned', state: 'applied' });
}

export async function legacyStatus(opts: LegacyOptions = {}): Promise<LegacyStatus> {
  const { stateDir, migrationDir, databases } = dirs(opts);
  const switched = await switchRecorded(opts.conn);
  const out: LegacyDbStatus[] = [];
  const stale: string[] = [];
  for (const db of databases) {
    const stateFile = join(stateDir, `${db}-last`);
    const last = readState(stateFile);
    if (last !== null && switched) stale.push(stateFile);
    const scripts = legacyScripts(migrationDir, db);
    // xivo-check-db-old: max() of the file names starting with the db name, minus prefix and ".sql".
    const names = existsSync(migrationDir) ? readdirSync(migrationDir).filter((f) => f.startsWith(db)) : [];
    const latestName = names.length ? names.reduce((a, b) => (b > a ? b : a)) : null;
    const latest = latestName ? latestName.slice(db.length + 1, -4) : null;
    const ran = await appliedLegacy(opts.conn, db);
    const pending = last === null ? [] : scripts.filter((s) => s.id > last && !ran.has(s.file));
    const executed = last === null ? null : last.split('.', 1)[0]!;
    out.push({ db, stateFile, last, latest, ok: last !== null && executed === latest, pending });
  }
  const active = !switched && out.some((d) => d.last !== null);
  const lines = [
    'Checking databases...',
    ...out.map(
      (d) =>
        `\t${d.ok ? 'OK' : `NOK (last is ${d.last === null ? 'unknown: no state file' : d.last.split('.', 1)[0]})`}\t\t${d.db} db`,
    ),
  ];
  return { active, switched, stale, stateDir, migrationDir, databases: out, lines };
}

/** Folds one database into another, verified (voipdb merge): given by the caller, as merging is an operation above the packs. */
export type FoldDatabases = (
  into: Connection,
  from: Connection,
  opts: { dropSource: boolean; dropRole?: string; owner?: string; resume: boolean; events?: EventSink },
) => Promise<{ sourceDropped: boolean }>;

export interface LegacyUpgradeOptions extends LegacyOptions {
  /** Fold the `xivo` database into `asterisk` after its scripts (pg-merge-db). Default: when both are given. */
  merge?: boolean;
  /** How to fold it (ops/merge's `merge`); needed when both databases are given. */
  fold?: FoldDatabases;
  /** Drop this role after the merge (pg-merge-db dropped `xivo`). */
  dropRole?: string;
  /** Owner of the merged objects (default: the asterisk database's owner). */
  owner?: string;
  installedBy?: string;
  events?: EventSink;
}

export interface LegacyUpgradeResult {
  /** Scripts run now, per database. */
  ran: { db: string; file: string }[];
  merged: boolean;
  /** The switch happened now (false: there was nothing legacy, or it was done before). */
  switched: boolean;
  /** State files removed. */
  removed: string[];
}

function installer(opts: LegacyUpgradeOptions): string {
  try {
    return (opts.installedBy ?? process.env.VOIPDB_INSTALLED_BY ?? userInfo().username).slice(0, 128);
  } catch {
    return 'voipdb';
  }
}

function removeStateFiles(files: string[]): string[] {
  const removed: string[] = [];
  for (const f of files) {
    try {
      unlinkSync(f);
      removed.push(f);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return removed;
}

/**
 * Move a database from the legacy scripts to versioned migrations, once. `conns.asterisk` is the
 * database that stays (and holds voipdb's history); `conns.xivo` the one merged into it, if any.
 * The caller then runs the versioned sets (voipdb upgrade does both).
 */
export async function legacyUpgrade(
  conns: Record<string, Connection | undefined>,
  opts: LegacyUpgradeOptions = {},
): Promise<LegacyUpgradeResult> {
  const events = opts.events ?? silent;
  const main = conns.asterisk ?? Object.values(conns).find((c) => c);
  if (!main)
    throw new VoipdbError('usage', 'legacyUpgrade needs the asterisk database', {
      hint: 'voipdb upgrade --pack xivo <asterisk-url>',
    });
  const status = await legacyStatus({ ...opts, conn: main });
  if (status.switched) {
    // Switched before; a crash may have left state files behind: finish the switch.
    return { ran: [], merged: false, switched: false, removed: removeStateFiles(status.stale) };
  }
  if (!status.active) return { ran: [], merged: false, switched: false, removed: [] };

  const dialect = dialectOf(main.dialect);
  await ensureOwnTables(main, dialect);
  const who = installer(opts);
  const record = (
    set: string,
    version: string,
    kind: string,
    script: string,
    description: string,
    sum: string | null,
  ) =>
    main.exec(
      insertRowSql(dialect, {
        set,
        version,
        description,
        kind,
        script,
        checksum: sum,
        installedBy: who,
        startedAt: null,
        state: 'applied',
      }),
    );

  const ran: { db: string; file: string }[] = [];
  for (const d of status.databases) {
    if (d.last === null) {
      if (conns[d.db]) {
        throw new VoipdbError(
          'refused',
          `${d.stateFile} is missing while the legacy system is active: voipdb cannot tell which ${d.db}-NNN.sql scripts already ran`,
          {
            where: `${d.db} db`,
            hint: `write the last script run into it (e.g. echo 166.sql > ${d.stateFile}), then run voipdb upgrade again`,
          },
        );
      }
      continue;
    }
    // What the old tool had run, once, as the set's baseline.
    const set = legacySetOf(d.db);
    if (!(await hasRow(main, dialect, set, { kind: 'baseline' })))
      await record(
        set,
        d.last.replace(/\.sql$/, ''),
        'baseline',
        `${d.db}-last`,
        `legacy ${d.db}-NNN.sql scripts run by xivo-update-db up to ${d.db}-${d.last}`,
        null,
      );
    if (!d.pending.length) continue;
    const conn = conns[d.db];
    if (!conn) {
      throw new VoipdbError(
        'usage',
        `${d.pending.length} legacy script(s) are pending for the ${d.db} database, which was not given`,
        {
          where: `${d.db} db`,
          hint: `give its URL: voipdb upgrade --legacy-db ${d.db}=postgresql://.../${d.db}`,
        },
      );
    }
    for (const s of d.pending) {
      const path = join(status.migrationDir, s.file);
      const text = readFileSync(path, 'utf8');
      if (/^\s*\\/m.test(text)) {
        throw new VoipdbError(
          'refused',
          `${s.file} holds psql meta-commands (lines starting with \\), which voipdb does not run`,
          {
            where: `${d.db} db`,
            hint: `run it with: psql -v ON_ERROR_STOP=1 -f ${path} ${d.db}; then echo ${s.id} > ${d.stateFile} and run voipdb upgrade again`,
          },
        );
      }
      events({ type: 'migration-start', set, version: s.id, description: s.file, direction: 'up' });
      const started = Date.now();
      try {
        await conn.exec(text);
      } catch (e) {
        await conn.exec('ROLLBACK').catch(() => {});
        throw new VoipdbError(
          'migration-failed',
          `${s.file} failed: ${redact(String((e as Error).message)).split('\n')[0]}`,
          {
            where: `${d.db} db`,
            hint: `fix ${path}, then run voipdb upgrade again: it continues at ${s.file} (${d.stateFile} says ${readState(d.stateFile)})`,
            cause: e,
          },
        );
      }
      writeFileSync(d.stateFile, `${s.id}\n`);
      await record(set, s.id.replace(/\.sql$/, ''), 'versioned', s.file, `legacy script ${s.file}`, checksum(text));
      ran.push({ db: d.db, file: s.file });
      events({ type: 'migration-done', set, version: s.id, durationMs: Date.now() - started, direction: 'up' });
    }
  }

  // pg-merge-db: xivo folded into asterisk, verified, then dropped.
  let merged = false;
  const other = Object.entries(conns).find(([db, c]) => c && c !== main && db !== 'asterisk');
  if (other && opts.merge !== false) {
    if (!opts.fold) throw new VoipdbError('internal', 'legacyUpgrade was given two databases but no fold (ops/merge)');
    const r = await opts.fold(main, other[1]!, {
      dropSource: true,
      dropRole: opts.dropRole,
      owner: opts.owner,
      resume: true,
      events,
    });
    merged = r.sourceDropped;
  }

  await record(
    SWITCH_SET,
    'switch',
    'baseline',
    'xivo-update-db',
    'legacy numbered scripts retired; versioned migrations from here on',
    null,
  );
  const removed = removeStateFiles(status.databases.map((d) => d.stateFile));
  events({
    type: 'log',
    level: 'info',
    message: `legacy scripts done${merged ? ', xivo merged into asterisk' : ''}; state files removed`,
  });
  return { ran, merged, switched: true, removed };
}
