import type { Connection, Row } from '../connection.js';
import type { Target } from '../url.js';
import { VoipdbError } from '../../core/errors.js';
import { missingDriver } from './errors.js';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

export async function connectSqlite(target: Target): Promise<Connection> {
  let Database: typeof import('better-sqlite3');
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (e) {
    throw missingDriver('better-sqlite3', e);
  }
  const path = target.path ?? ':memory:';
  if (path !== ':memory:' && !existsSync(dirname(path))) {
    throw new VoipdbError('missing-database', `the directory for SQLite database "${path}" does not exist`, {
      where: target.display,
      hint: `create it with: mkdir -p ${dirname(path)}`,
    });
  }
  const db = new Database(path, { readonly: target.params.mode === 'ro' });
  // Switching to WAL needs a moment of exclusive access: wait briefly for other openers.
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  if (path !== ':memory:' && target.params.journal_mode !== 'delete') await switchToWal(db);
  // Waiting for another writer is handled by the engine's lock loop (with a message), not here.
  db.pragma('busy_timeout = 0');
  const norm = (params?: readonly unknown[]) =>
    (params ?? []).map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p));
  return {
    target,
    dialect: 'sqlite',
    driver: 'better-sqlite3',
    raw: db,
    async query<R = Row>(sql: string, params?: readonly unknown[]) {
      const stmt = db.prepare(sql);
      if (stmt.reader) return stmt.all(...norm(params)) as R[];
      stmt.run(...norm(params));
      return [];
    },
    async execute(sql: string, params?: readonly unknown[]) {
      return db.prepare(sql).run(...norm(params)).changes;
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
async function switchToWal(db: import('better-sqlite3').Database): Promise<void> {
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
