// `restore`: load a backup made by `voipdb backup` (or by pg_dump -Fc / mariadb-dump / a copy of a
// SQLite file) with the platform's own tool. `--keep-system-config` restores everything but this
// machine's HA, network and support tables, as XiVO's "restore and keep system configuration"
// procedure did (it renamed the database, restored, and copied dhcp/netiface/resolvconf back).
// A database that is not empty is only replaced with --force.

import { closeSync, copyFileSync, createReadStream, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { DriverName } from '../db/url.js';
import type { TableGroups } from '../engine/types.js';
import type { BackupFormat } from './backup.js';
import { catalogOf } from './catalog.js';
import { mysqlStash, pgStash, type Stash } from './restore/stash.js';
import { partitionTables, SYSTEM_CONFIG_GROUPS } from './table-groups.js';
import { mysqlTool, pgTool, runTool } from './tools.js';
import { sqlite } from '../dialect/sqlite.js';

export interface RestoreOptions {
  file: string;
  /** Replace the contents of a database that is not empty. */
  force?: boolean;
  /** Keep this machine's rows of the ha, network and support groups. */
  keepSystemConfig?: boolean;
  /** Groups whose rows are kept from this machine, named by the admin (an unknown name is an error). */
  keepGroups?: string[];
  /** What keepSystemConfig keeps (those defined here): default ha, network, support. */
  systemConfigGroups?: string[];
  groups?: TableGroups;
  events?: EventSink;
}

export interface RestoreResult {
  format: BackupFormat;
  /** This machine's tables kept as they were, with their row counts. */
  kept: { table: string; rows: number }[];
  /** Tables of this database that the backup does not have: left as they were. */
  notInBackup: string[];
  durationMs: number;
}

/** What a backup file is, from its first bytes. */
export function backupFormatOf(file: string): BackupFormat | undefined {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(512);
  const n = readSync(fd, head, 0, 512, 0);
  closeSync(fd);
  const text = head.subarray(0, n).toString('latin1');
  if (text.startsWith('PGDMP')) return 'pg-custom';
  if (text.startsWith('SQLite format 3\0')) return 'sqlite';
  if (/^(\/\*.*\*\/\s*)?-- (MariaDB|MySQL) dump/m.test(text) || /^-- (MariaDB|MySQL) dump/.test(text))
    return 'mysql-sql';
  return undefined;
}

const formatFor: Record<DriverName, BackupFormat | undefined> = {
  pg: 'pg-custom',
  mysql2: 'mysql-sql',
  'better-sqlite3': 'sqlite',
  pglite: undefined,
};

/** Load the backup; PostgreSQL's is one transaction (a failure leaves the database as it was). */
const loaders: Record<BackupFormat, (conn: Connection, file: string, keep: string[], stash?: Stash) => Promise<void>> =
  {
    async 'pg-custom'(conn, file) {
      const extra = ['--clean', '--if-exists', '--single-transaction', '--exit-on-error', file];
      await runTool(pgTool('pg_restore', conn.target, extra), { where: conn.target.display });
    },
    async 'mysql-sql'(conn, file) {
      await runTool(mysqlTool('client', conn.target, ['--default-character-set=utf8mb4', conn.target.database ?? '']), {
        stdin: file,
        where: conn.target.display,
      });
    },
    // SQLite: the kept rows are put into a copy of the backup first, then the copy replaces the
    // database in one step with the backup API: no moment where the machine's rows are missing.
    async sqlite(conn, file, keep) {
      const dir = mkdtempSync(join(tmpdir(), 'voipdb-restore-'));
      const copy = join(dir, 'restore.db');
      try {
        copyFileSync(file, copy);
        const { openSqlite } = await import('../db/drivers/sqlite-engines.js');
        const db = await openSqlite(copy);
        try {
          if (keep.length) {
            db.pragma('foreign_keys = OFF');
            db.prepare('ATTACH DATABASE ? AS machine').run(conn.target.path);
            db.transaction(() => {
              for (const t of keep) {
                const q = sqlite.quote;
                const inCopy = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[];
                if (!inCopy.length) continue;
                const mine = new Set(
                  (db.prepare(`SELECT name FROM machine.pragma_table_info(?)`).all(t) as { name: string }[]).map(
                    (r) => r.name,
                  ),
                );
                const cols = inCopy
                  .map((c) => c.name)
                  .filter((c) => mine.has(c))
                  .map(q)
                  .join(', ');
                db.exec(`DELETE FROM main.${q(t)}`);
                db.exec(`INSERT INTO main.${q(t)} (${cols}) SELECT ${cols} FROM machine.${q(t)}`);
                const seq = db.prepare(`SELECT seq FROM machine.sqlite_sequence WHERE name = ?`).get(t) as
                  { seq: number } | undefined;
                if (seq) {
                  db.prepare('DELETE FROM main.sqlite_sequence WHERE name = ?').run(t);
                  db.prepare('INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)').run(t, seq.seq);
                }
              }
            })();
            db.exec('DETACH DATABASE machine');
          }
          await db.backup(conn.target.path!);
        } finally {
          db.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };

const stashes: Partial<Record<BackupFormat, Stash>> = { 'pg-custom': pgStash, 'mysql-sql': mysqlStash };

export async function restore(conn: Connection, opts: RestoreOptions): Promise<RestoreResult> {
  const events = opts.events ?? silent;
  const started = Date.now();
  const expected = formatFor[conn.driver];
  if (!expected) {
    throw new VoipdbError('usage', 'restore into an embedded PGlite database is not supported', {
      where: conn.target.display,
      hint: 'restore into a PostgreSQL server (postgresql://...), or copy a saved PGlite directory back',
    });
  }
  const format = backupFormatOf(opts.file);
  if (format !== expected) {
    throw new VoipdbError(
      'usage',
      `${opts.file} is ${format ? `a ${format} backup` : 'not a backup voipdb knows'}; this ${conn.dialect} database takes a ${expected} backup`,
      {
        where: conn.target.display,
        hint: 'restore it into a database of the kind it came from (voipdb backup makes pg-custom, mysql-sql or sqlite files)',
      },
    );
  }

  const stash = stashes[format];
  const cat = catalogOf(conn);
  const tables = (await cat.tables(conn)).filter((t) => !stash?.owns(t));
  const interrupted = stash ? await stash.saved(conn) : [];
  if (tables.length && !opts.force) {
    throw new VoipdbError(
      'refused',
      `the database is not empty (${tables.length} tables): restore would replace their contents`,
      {
        where: conn.target.display,
        hint: `voipdb restore -f ${opts.file} --force${opts.keepSystemConfig ? ' --keep-system-config' : ''} replaces them${opts.keepSystemConfig ? " (keeping this machine's ha/network/support rows)" : ''}`,
      },
    );
  }

  const keepGroups =
    opts.keepGroups ?? (opts.keepSystemConfig ? (opts.systemConfigGroups ?? SYSTEM_CONFIG_GROUPS) : []);
  const keep = [
    ...partitionTables(tables, opts.groups ?? {}, keepGroups, {
      strict: opts.keepGroups !== undefined,
    }).excluded.keys(),
  ];
  if (opts.keepSystemConfig && !keep.length && !interrupted.length) {
    events({ type: 'log', level: 'warn', message: 'no ha/network/support table here to keep: restoring everything' });
  }

  let kept: { table: string; rows: number }[] = [];
  if (stash && (keep.length || interrupted.length)) {
    if (interrupted.length) {
      // A restore stopped after saving this machine's rows: those rows are the machine's, keep them.
      events({
        type: 'log',
        level: 'warn',
        message: `a previous restore was interrupted: using the rows it saved for ${interrupted.join(', ')}`,
      });
    } else {
      await stash.save(conn, keep);
    }
    await loaders[format](conn, opts.file, keep);
    kept = await stash.putBack(conn);
  } else {
    await loaders[format](conn, opts.file, keep);
    if (format === 'sqlite') {
      for (const t of keep) {
        const [r] = await conn.query<{ n: number }>(`SELECT count(*) AS n FROM ${sqlite.quote(t)}`);
        kept.push({ table: t, rows: Number(r?.n ?? 0) });
      }
    }
  }

  const after = new Set(await cat.tables(conn));
  const inBackup = await backupTables(conn, opts.file, format, after);
  const notInBackup = tables.filter((t) => !inBackup.has(t));
  for (const t of notInBackup)
    events({ type: 'log', level: 'warn', message: `${t} is not in the backup: left as it was` });
  return { format, kept, notInBackup, durationMs: Date.now() - started };
}

/** Tables the backup holds (for the report). */
async function backupTables(
  conn: Connection,
  file: string,
  format: BackupFormat,
  present: Set<string>,
): Promise<Set<string>> {
  if (format === 'sqlite') return present;
  if (format === 'pg-custom') {
    const { execFileSync } = await import('node:child_process');
    try {
      const list = execFileSync('pg_restore', ['--list', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
      return new Set([...list.matchAll(/^\d+; \d+ \d+ TABLE \S+ (\S+) /gm)].map((m) => m[1]!));
    } catch {
      return present;
    }
  }
  const out = new Set<string>();
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const m = /^CREATE TABLE `([^`]+)`/.exec(line);
    if (m) out.add(m[1]!);
  }
  return out;
}
