// `backup`: one file per database, made with the platform's own tool: pg_dump's custom format,
// mariadb-dump's SQL, SQLite's online backup API. Table groups left out keep their tables (the
// schema) but not their rows, so a restore gives a complete schema. The source is only read.

import { statSync } from 'node:fs';
import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { DriverName } from '../db/url.js';
import type { TableGroups } from '../engine/types.js';
import { catalogOf, quote } from './catalog.js';
import { mysqlTool, pgTool, runTool } from './tools.js';
import { partitionTables } from './table-groups.js';

export type BackupFormat = 'pg-custom' | 'mysql-sql' | 'sqlite';

export interface BackupOptions {
  file: string;
  groups?: TableGroups;
  /** Groups whose rows are left out (their tables stay in the backup, empty). */
  excludeGroups?: string[];
  excludeTables?: string[];
  events?: EventSink;
}

export interface BackupResult {
  file: string;
  format: BackupFormat;
  bytes: number;
  /** Tables saved without their rows. */
  withoutRows: string[];
  durationMs: number;
}

type Maker = (conn: Connection, file: string, withoutRows: string[]) => Promise<BackupFormat>;

const makers: Record<DriverName, Maker | undefined> = {
  async pg(conn, file, withoutRows) {
    const t = conn.target;
    const extra = [
      '--format=custom',
      `--file=${file}`,
      ...withoutRows.map((x) => `--exclude-table-data=${quote('postgres', x)}`),
    ];
    await runTool(pgTool('pg_dump', t, extra), { where: t.display });
    return 'pg-custom';
  },
  async mysql2(conn, file, withoutRows) {
    const t = conn.target;
    const db = t.database ?? '';
    const extra = [
      '--single-transaction',
      '--routines',
      '--triggers',
      '--hex-blob',
      '--default-character-set=utf8mb4',
      `--result-file=${file}`,
      ...withoutRows.map((x) => `--ignore-table-data=${db}.${x}`),
      db,
    ];
    await runTool(mysqlTool('dump', t, extra), { where: t.display });
    return 'mysql-sql';
  },
  async 'better-sqlite3'(conn, file, withoutRows) {
    type Db = { backup(dest: string): Promise<unknown> };
    await (conn.raw as Db).backup(file);
    if (withoutRows.length) {
      // Rows of the left-out groups are removed from the copy, never from the source.
      const { openSqlite } = await import('../db/drivers/sqlite-engines.js');
      const copy = await openSqlite(file);
      try {
        copy.pragma('foreign_keys = OFF');
        copy.transaction(() => {
          for (const t of withoutRows) copy.exec(`DELETE FROM ${quote('sqlite', t)}`);
        })();
        copy.exec('VACUUM');
      } finally {
        copy.close();
      }
    }
    return 'sqlite';
  },
  pglite: undefined,
};

export async function backup(conn: Connection, opts: BackupOptions): Promise<BackupResult> {
  const events = opts.events ?? silent;
  const started = Date.now();
  const make = makers[conn.driver];
  if (!make) {
    throw new VoipdbError('usage', 'backup of an embedded PGlite database is a copy of its directory', {
      where: conn.target.display,
      hint: `stop voipdb and copy the directory ${conn.target.path ?? ''}, or init a PostgreSQL server and voipdb convert into it`,
    });
  }
  const tables = await catalogOf(conn).tables(conn);
  const strict = opts.excludeGroups !== undefined;
  const part = partitionTables(tables, opts.groups ?? {}, opts.excludeGroups ?? [], { strict });
  const withoutRows = [...part.excluded.keys(), ...(opts.excludeTables ?? []).filter((t) => tables.includes(t))];
  events({
    type: 'log',
    level: 'info',
    message: `backing up ${tables.length} tables${withoutRows.length ? ` (${withoutRows.length} without rows)` : ''} to ${opts.file}`,
  });
  const format = await make(conn, opts.file, withoutRows);
  return { file: opts.file, format, bytes: statSync(opts.file).size, withoutRows, durationMs: Date.now() - started };
}
