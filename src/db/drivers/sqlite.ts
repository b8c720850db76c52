import type { Connection, Row } from '../connection.js';
import type { Target } from '../url.js';
import { VoipdbError } from '../../core/errors.js';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqlite, type SqliteDb, type SqliteStatement } from './sqlite-engines.js';

export async function connectSqlite(target: Target): Promise<Connection> {
  const path = target.path ?? ':memory:';
  if (path !== ':memory:' && !existsSync(dirname(path))) {
    throw new VoipdbError('missing-database', `the directory for SQLite database "${path}" does not exist`, {
      where: target.display,
      hint: `create it with: mkdir -p ${dirname(path)}`,
    });
  }
  const db = await openSqlite(path, { readonly: target.params.mode === 'ro' });
  // Switching to WAL needs a moment of exclusive access: wait briefly for other openers.
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  if (path !== ':memory:' && target.params.journal_mode !== 'delete') await switchToWal(db);
  // Waiting for another writer is handled by the engine's lock loop (with a message), not here.
  // node-sqlite3-wasm has no WAL (no shared memory) and one lock for readers and writers alike:
  // there a reader waits for the writer too, as long as the engine's lock would.
  db.pragma(`busy_timeout = ${db.engine === 'wasm' ? Number(target.params.lock_timeout ?? 60) * 1000 : 0}`);
  const norm = (params?: readonly unknown[]) =>
    (params ?? []).map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p));
  const once = <R>(sql: string, use: (stmt: SqliteStatement) => R): R => {
    const stmt = db.prepare(sql);
    try {
      return use(stmt);
    } finally {
      stmt.finalize?.();
    }
  };
  return {
    target,
    dialect: 'sqlite',
    driver: 'better-sqlite3',
    raw: db,
    async query<R = Row>(sql: string, params?: readonly unknown[]) {
      return once(sql, (stmt) => {
        if (stmt.reader) return stmt.all(...norm(params)) as R[];
        stmt.run(...norm(params));
        return [];
      });
    },
    async execute(sql: string, params?: readonly unknown[]) {
      return once(sql, (stmt) => Number(stmt.run(...norm(params)).changes));
    },
    async exec(script: string) {
      db.exec(script);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/**
 * Switch to WAL. Two processes opening a new file together race for it, and the loser gets
 * SQLITE_BUSY without the busy handler being asked: retry for as long as the busy timeout.
 */
async function switchToWal(db: SqliteDb): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      const code = String((e as { code?: string }).code ?? '');
      if (!code.startsWith('SQLITE_BUSY') && !code.startsWith('SQLITE_LOCKED')) throw e;
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
    }
  }
}
