// The SQLite libraries voipdb can open a file with, each seen through better-sqlite3's API (the
// part voipdb uses): better-sqlite3 when it is installed and loads (native, the fastest), else
// node's own node:sqlite (Node 22.13+), else node-sqlite3-wasm (WebAssembly, any Node). None
// needs a compiler at install. VOIPDB_SQLITE_DRIVER=better-sqlite3|node|wasm picks one.

import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { VoipdbError } from '../../core/errors.js';

export type SqliteEngine = 'better-sqlite3' | 'node' | 'wasm';

/** A statement, as better-sqlite3's Statement. */
export interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...params: unknown[]): IterableIterator<unknown>;
  raw(on?: boolean): SqliteStatement;
  safeIntegers(on?: boolean): SqliteStatement;
  /** Frees it now (node-sqlite3-wasm holds WebAssembly memory until then); a no-op elsewhere. */
  finalize?(): void;
}

/** A database, as better-sqlite3's Database. */
export interface SqliteDb {
  readonly open: boolean;
  readonly engine: SqliteEngine;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  backup(file: string): Promise<unknown>;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
}

// node:sqlite, as far as voipdb uses it (this project's @types/node is Node 20's, which has none).
const NODE_SQLITE = 'node:sqlite';
// Typed below (WasmDatabase): the package's own types are not needed to build.
const WASM_SQLITE = 'node-sqlite3-wasm';
interface NodeStatement {
  columns(): unknown[];
  all(...p: unknown[]): unknown[];
  get(...p: unknown[]): unknown;
  run(...p: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...p: unknown[]): IterableIterator<unknown>;
  setReturnArrays(on: boolean): void;
  setReadBigInts(on: boolean): void;
}
interface NodeSqlite {
  DatabaseSync: new (
    path: string,
    o: { readOnly: boolean },
  ) => {
    prepare(sql: string): NodeStatement;
    exec(sql: string): void;
    close(): void;
    readonly isTransaction: boolean;
  };
  StatementSync: { prototype: object };
}

type Opener = (path: string, options: OpenOptions) => SqliteDb;

const loaders: Record<SqliteEngine, () => Promise<Opener>> = {
  async 'better-sqlite3'() {
    const Database = (await import('better-sqlite3')).default;
    return (path, o) => {
      const db = new Database(path, { readonly: !!o.readonly }) as unknown as SqliteDb;
      Object.defineProperty(db, 'engine', { value: 'better-sqlite3' });
      return db;
    };
  },
  async node() {
    // node:sqlite announces itself as experimental on stderr; voipdb's output stays its own.
    const emit = process.emitWarning;
    process.emitWarning = ((w: unknown, ...rest: unknown[]) => {
      if (!String((w as Error)?.message ?? w).includes('SQLite'))
        (emit as (...a: unknown[]) => void).call(process, w, ...rest);
    }) as typeof process.emitWarning;
    let sqlite: NodeSqlite;
    try {
      sqlite = (await import(NODE_SQLITE)) as NodeSqlite;
    } finally {
      process.emitWarning = emit;
    }
    const proto = sqlite.StatementSync.prototype as unknown as Record<string, unknown>;
    if (
      typeof proto.iterate !== 'function' ||
      typeof proto.setReturnArrays !== 'function' ||
      typeof proto.columns !== 'function'
    ) {
      throw new Error('node:sqlite lacks iterate/setReturnArrays/columns (Node 22.16 or later has them)');
    }
    return (path, o) => nodeDb(sqlite, path, o);
  },
  async wasm() {
    const { Database } = (
      (await import(WASM_SQLITE)) as { default: { Database: new (path: string, o: { readOnly: boolean }) => unknown } }
    ).default;
    const open = (path: string, o: OpenOptions = {}) => {
      const db = new Database(path, { readOnly: !!o.readonly }) as unknown as WasmDatabase;
      // It has no shared memory for WAL: a file another library left in WAL mode is read once
      // with the file held alone, and put back in rollback-journal mode.
      if (!o.readonly && walMode(path)) {
        db.exec('PRAGMA locking_mode = EXCLUSIVE');
        db.exec('PRAGMA journal_mode = DELETE');
        db.exec('PRAGMA locking_mode = NORMAL');
      }
      return db;
    };
    return (path, o) => wasmDb(open(path, o), path, open);
  },
};

/** The file header's write version (byte 18) is 2 in WAL mode. */
function walMode(path: string): boolean {
  if (path === ':memory:' || !existsSync(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(1);
    return readSync(fd, b, 0, 1, 18) === 1 && b[0] === 2;
  } finally {
    closeSync(fd);
  }
}

const openers = new Map<SqliteEngine, Opener | Error>();

async function opener(engine: SqliteEngine): Promise<Opener | Error> {
  let o = openers.get(engine);
  if (!o) {
    o = await loaders[engine]().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    openers.set(engine, o);
  }
  return o;
}

/** A native module built for another node (NODE_MODULE_VERSION) or never built. */
function unloadable(e: unknown): boolean {
  const m = String((e as Error)?.message ?? e);
  return (
    (e as { code?: string })?.code === 'ERR_DLOPEN_FAILED' ||
    /NODE_MODULE_VERSION|Could not locate the bindings file|invalid ELF/.test(m)
  );
}

/** Open a SQLite file with the first library that works here (or the one VOIPDB_SQLITE_DRIVER names). */
export async function openSqlite(path: string, options: OpenOptions = {}): Promise<SqliteDb> {
  const wanted = process.env.VOIPDB_SQLITE_DRIVER;
  if (wanted && !(wanted in loaders)) {
    throw new VoipdbError('usage', `VOIPDB_SQLITE_DRIVER=${wanted}: unknown SQLite driver`, {
      hint: 'use better-sqlite3, node or wasm, or unset it',
    });
  }
  const order: SqliteEngine[] = wanted ? [wanted as SqliteEngine] : ['better-sqlite3', 'node', 'wasm'];
  const failures: string[] = [];
  for (const engine of order) {
    const o = await opener(engine);
    if (o instanceof Error) {
      failures.push(`${engine}: ${o.message.split('\n')[0]}`);
      continue;
    }
    try {
      return o(path, options);
    } catch (e) {
      if (!unloadable(e)) throw codeOf(e);
      openers.set(engine, e as Error);
      failures.push(`${engine}: ${String((e as Error).message).split('\n')[0]}`);
    }
  }
  throw new VoipdbError('missing-driver', `no SQLite driver could be loaded (${failures.join('; ')})`, {
    hint: 'npm install better-sqlite3 (or run voipdb on Node 22.13 or later, which has node:sqlite)',
  });
}

// SQLite's result codes by number (node:sqlite gives the extended code as errcode).
const CODES: Record<number, string> = {
  1: 'SQLITE_ERROR',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  8: 'SQLITE_READONLY',
  11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  26: 'SQLITE_NOTADB',
  261: 'SQLITE_BUSY_RECOVERY',
  517: 'SQLITE_BUSY_SNAPSHOT',
  773: 'SQLITE_BUSY_TIMEOUT',
  275: 'SQLITE_CONSTRAINT_CHECK',
  787: 'SQLITE_CONSTRAINT_FOREIGNKEY',
  1299: 'SQLITE_CONSTRAINT_NOTNULL',
  1555: 'SQLITE_CONSTRAINT_PRIMARYKEY',
  1811: 'SQLITE_CONSTRAINT_TRIGGER',
  2067: 'SQLITE_CONSTRAINT_UNIQUE',
  2579: 'SQLITE_CONSTRAINT_ROWID',
};

// node-sqlite3-wasm gives the message alone.
const MESSAGES: [RegExp, string][] = [
  [/^UNIQUE constraint failed/, 'SQLITE_CONSTRAINT_UNIQUE'],
  [/^NOT NULL constraint failed/, 'SQLITE_CONSTRAINT_NOTNULL'],
  [/^FOREIGN KEY constraint failed/, 'SQLITE_CONSTRAINT_FOREIGNKEY'],
  [/^CHECK constraint failed/, 'SQLITE_CONSTRAINT_CHECK'],
  [/constraint failed/, 'SQLITE_CONSTRAINT'],
  [/^database is locked/, 'SQLITE_BUSY'],
  [/^database table is locked/, 'SQLITE_LOCKED'],
  [/^datatype mismatch/, 'SQLITE_MISMATCH'],
  [/^(string or blob too big|too big)/, 'SQLITE_TOOBIG'],
  [/^attempt to write a readonly database/, 'SQLITE_READONLY'],
];

/** The error with better-sqlite3's `code` (SQLITE_BUSY, SQLITE_CONSTRAINT_UNIQUE, ...). */
function codeOf(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const err = e as Error & { code?: unknown; errcode?: number };
  if (typeof err.code === 'string' && err.code.startsWith('SQLITE_')) return e;
  const code =
    typeof err.errcode === 'number'
      ? (CODES[err.errcode] ?? CODES[err.errcode & 0xff])
      : MESSAGES.find(([re]) => re.test(err.message))?.[1];
  if (code) Object.defineProperty(err, 'code', { value: code, configurable: true, writable: true });
  return e;
}

function coded<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      throw codeOf(e);
    }
  };
}

function* codedIterator<T>(it: Iterator<T>): IterableIterator<T> {
  for (;;) {
    let r: IteratorResult<T>;
    try {
      r = it.next();
    } catch (e) {
      throw codeOf(e);
    }
    if (r.done) return;
    yield r.value;
  }
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const qid = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * better-sqlite3's backup() for a destination that exists and may be open elsewhere (restore
 * writes into the live database): its content replaced by the source's in one transaction.
 */
function copyInto(source: string, dest: SqliteDb): void {
  dest.pragma('busy_timeout = 10000');
  dest.pragma('foreign_keys = OFF');
  dest.exec(`ATTACH DATABASE ${lit(source)} AS src`);
  try {
    dest.transaction(() => {
      const user = "name NOT LIKE 'sqlite_%'";
      for (const type of ['trigger', 'view', 'table']) {
        const rows = dest.prepare(`SELECT name FROM main.sqlite_master WHERE type = '${type}' AND ${user}`).all() as {
          name: string;
        }[];
        for (const r of rows) dest.exec(`DROP ${type.toUpperCase()} IF EXISTS main.${qid(r.name)}`);
      }
      const objects = dest
        .prepare(`SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL AND ${user}`)
        .all() as { type: string; name: string; sql: string }[];
      for (const o of objects.filter((x) => x.type === 'table')) {
        dest.exec(o.sql);
        dest.exec(`INSERT INTO main.${qid(o.name)} SELECT * FROM src.${qid(o.name)}`);
      }
      for (const o of objects.filter((x) => x.type !== 'table')) dest.exec(o.sql);
      const seq = (schema: string) =>
        dest.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_sequence'`).all().length > 0;
      if (seq('main')) dest.exec('DELETE FROM main.sqlite_sequence');
      if (seq('src') && seq('main')) dest.exec('INSERT INTO main.sqlite_sequence SELECT * FROM src.sqlite_sequence');
      dest.pragma(`user_version = ${Number(dest.pragma('src.user_version', { simple: true }))}`);
    })();
  } finally {
    dest.exec('DETACH DATABASE src');
  }
}

/** What both facades share: pragma, transaction, backup. */
function common(db: {
  path: string;
  reopen(path: string): SqliteDb;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  inTransaction(): boolean;
}) {
  return {
    pragma(source: string, options: { simple?: boolean } = {}) {
      const rows = db.prepare(`PRAGMA ${source}`).all() as Record<string, unknown>[];
      return options.simple ? (rows[0] ? Object.values(rows[0])[0] : undefined) : rows;
    },
    transaction<A extends unknown[], R>(fn: (...args: A) => R) {
      return (...args: A): R => {
        db.exec('BEGIN');
        try {
          const r = fn(...args);
          db.exec('COMMIT');
          return r;
        } catch (e) {
          if (db.inTransaction()) db.exec('ROLLBACK');
          throw e;
        }
      };
    },
    // better-sqlite3 copies pages into the file; VACUUM INTO writes the same content to a new one.
    async backup(file: string) {
      if (!existsSync(file)) return db.exec(`VACUUM INTO ${lit(file)}`);
      const dest = db.reopen(file);
      try {
        copyInto(db.path, dest);
      } finally {
        dest.close();
      }
    },
  };
}

function nodeDb(sqlite: NodeSqlite, path: string, o: OpenOptions): SqliteDb {
  const db = coded(() => new sqlite.DatabaseSync(path, { readOnly: !!o.readonly }))();
  let open = true;
  const prepare = coded((sql: string): SqliteStatement => {
    const st = db.prepare(sql);
    const s: SqliteStatement = {
      reader: st.columns().length > 0,
      all: coded((...p: unknown[]) => st.all(...p)),
      get: coded((...p: unknown[]) => st.get(...p)),
      run: coded((...p: unknown[]) => st.run(...p)),
      iterate: (...p: unknown[]) => codedIterator(coded(() => st.iterate(...p))()),
      raw(on = true) {
        st.setReturnArrays(on);
        return s;
      },
      safeIntegers(on = true) {
        st.setReadBigInts(on);
        return s;
      },
    };
    return s;
  });
  const exec = coded((sql: string) => db.exec(sql));
  return {
    engine: 'node',
    get open() {
      return open;
    },
    prepare,
    exec,
    ...common({ path, reopen: (p) => nodeDb(sqlite, p, {}), exec, prepare, inTransaction: () => db.isTransaction }),
    close() {
      if (open) db.close();
      open = false;
    },
  };
}

interface WasmStatement {
  all(values?: unknown[]): Record<string, unknown>[];
  get(values?: unknown[]): Record<string, unknown> | null;
  run(values?: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  iterate(values?: unknown[]): IterableIterator<Record<string, unknown>>;
  finalize(): void;
  readonly isFinalized: boolean;
}
interface WasmDatabase {
  prepare(sql: string): WasmStatement;
  exec(sql: string): void;
  close(): void;
  readonly inTransaction: boolean;
  readonly isOpen: boolean;
}

/** sqlite3_finalize repeats the statement's last error, already thrown where it happened. */
function finalize(st: WasmStatement): void {
  try {
    if (!st.isFinalized) st.finalize();
  } catch {
    /* reported when it happened */
  }
}

function wasmDb(db: WasmDatabase, path: string, reopen: (path: string) => WasmDatabase): SqliteDb {
  // Its statements hold WebAssembly memory until finalized: all of them go at close.
  const statements = new Set<WasmStatement>();
  const bool = (p: unknown[]) => p.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  const prepare = coded((sql: string): SqliteStatement => {
    let st = db.prepare(sql);
    statements.add(st);
    // A statement that failed cannot be reset for the next values here: it is prepared anew.
    const renewing = <A extends unknown[], R>(fn: (...a: A) => R) =>
      coded((...a: A): R => {
        try {
          return fn(...a);
        } catch (e) {
          statements.delete(st);
          finalize(st);
          st = db.prepare(sql);
          statements.add(st);
          throw e;
        }
      });
    let arrays = false;
    const shape = (r: Record<string, unknown>) => (arrays ? Object.values(r) : r);
    const s: SqliteStatement = {
      // Rows or none: all() runs any statement, so every statement can be read.
      reader: true,
      all: renewing((...p: unknown[]) => st.all(bool(p)).map(shape)),
      // The rest of its rows are read too: a statement left half-read keeps the file locked.
      get: renewing((...p: unknown[]) => st.all(bool(p)).map(shape)[0]),
      run: renewing((...p: unknown[]) => st.run(bool(p))),
      iterate: (...p: unknown[]) => {
        const it = renewing(() => st.iterate(bool(p)))();
        const next = renewing(() => it.next());
        return codedIterator({
          next: () => {
            const r = next();
            return r.done ? r : { done: false, value: shape(r.value) };
          },
        });
      },
      raw(on = true) {
        arrays = on;
        return s;
      },
      // Integers beyond 2^53 come as BigInt already; the others are exact as numbers.
      safeIntegers() {
        return s;
      },
      finalize() {
        statements.delete(st);
        finalize(st);
      },
    };
    return s;
  });
  const exec = coded((sql: string) => db.exec(sql));
  return {
    engine: 'wasm',
    get open() {
      return db.isOpen;
    },
    prepare,
    exec,
    ...common({
      path,
      reopen: (p) => wasmDb(reopen(p), p, reopen),
      exec,
      prepare,
      inTransaction: () => db.inTransaction,
    }),
    close() {
      if (!db.isOpen) return;
      for (const st of statements) finalize(st);
      statements.clear();
      db.close();
    },
  };
}
