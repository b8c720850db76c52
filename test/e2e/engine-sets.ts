// Directory script sets written to a temp dir for the engine's end-to-end tests, and small
// readers for what a run left in the database (history rows, tables, counts).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../src/db/connection.js';

const made: string[] = [];

export function tempDir(prefix = 'voipdb-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Remove the temp dirs this test file made (call in afterAll). */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Write files { name: text } into a new directory named `name` under a temp dir; returns its path. */
export function writeSet(name: string, files: Record<string, string>): string {
  const dir = join(tempDir(), name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

/**
 * `count` Flyway migrations whose effects double if any runs twice: each creates a table,
 * adds a column to a shared table (a second run fails), and inserts a seed row into
 * seed_log (a second run leaves two rows). Portable over PostgreSQL, MariaDB and SQLite.
 */
export function sideEffectSet(count = 20): Record<string, string> {
  const files: Record<string, string> = {
    'V1__seed_log.sql': `CREATE TABLE seed_log (migration INTEGER NOT NULL, note VARCHAR(40));
CREATE TABLE wide (id INTEGER PRIMARY KEY);
INSERT INTO seed_log (migration, note) VALUES (1, 'seed');
`,
  };
  for (let i = 2; i <= count; i++) {
    files[`V${i}__step_${i}.sql`] = `CREATE TABLE t_${i} (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);
ALTER TABLE wide ADD COLUMN c_${i} INTEGER;
INSERT INTO t_${i} (id, name) VALUES (1, 'row ${i}');
INSERT INTO seed_log (migration, note) VALUES (${i}, 'seed');
`;
  }
  files['R__seed_view.sql'] = `CREATE VIEW seed_view AS SELECT migration, note FROM seed_log;\n`;
  return files;
}

export interface HistoryLine {
  set_name: string;
  version: string | null;
  kind: string;
  script: string;
  checksum: string | null;
  state: string;
}

export async function historyRows(conn: Connection): Promise<HistoryLine[]> {
  const rows = await conn.query<HistoryLine>(
    'SELECT set_name, version, kind, script, checksum, state FROM voipdb_history ORDER BY id',
  );
  return rows.map((r) => ({
    set_name: r.set_name,
    version: r.version,
    kind: r.kind,
    script: r.script,
    checksum: r.checksum,
    state: r.state,
  }));
}

export async function count(conn: Connection, sql: string, params: unknown[] = []): Promise<number> {
  const [r] = await conn.query<{ n: unknown }>(sql, params);
  return Number(r?.n);
}

/** Does a table exist (any back-end)? */
export async function tableExists(conn: Connection, table: string): Promise<boolean> {
  const sql =
    conn.dialect === 'sqlite'
      ? `SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?`
      : conn.dialect === 'mysql'
        ? `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`
        : `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`;
  return (await count(conn, sql, [table])) > 0;
}
