import type { Connection } from '../db/connection.js';
import { SINGLE } from '../db/topology.js';
import { reportedAction, terminated, type Dialect } from './dialect.js';
import { spelling, sqlString } from './spelling.js';
import { lockFileOwner, releaseLockFile, tryLockFile } from '../db/lock-file.js';

const runLockFile = (conn: Connection) => `${conn.target.path}.voipdb-lock`;

const spelled = spelling({
  mark: '"',
  string: sqlString,
  bool: (b) => (b ? '1' : '0'),
  bytes: (b) => `X'${Buffer.from(b).toString('hex')}'`,
});

export const sqlite: Dialect = {
  name: 'sqlite',
  transactionalDDL: true,
  // SQLite has one writer: BEGIN IMMEDIATE is the lock, taken per migration.
  lockPerTransaction: true,
  ...spelled,
  // WAL mode: a read transaction sees one version of the file until it ends.
  readSnapshot: { begin: ['BEGIN'], end: 'COMMIT' },
  logicalReplication: false,
  databases: undefined,
  schema: {
    nativeEnums: false,
    uniquesAreIndexes: false,
    indexesForeignKeys: false,
    indexPrefixLengths: false,
    partialIndexes: true,
    indexMethods: false,
    referentialAction: reportedAction,
    // AUTOINCREMENT needs INTEGER PRIMARY KEY.
    autoIncrementType: 'integer',
    autoIncrementOnlyAsKey: true,
  },
  scriptStatement: terminated,
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  now: "strftime('%Y-%m-%d %H:%M:%f', 'now')",
  elapsedMsSince: (iso) => `CAST((julianday('now') - julianday(${sqlString(iso)})) * 86400000 AS INTEGER)`,
  dropObject: (kind, name) => `DROP ${kind === 'trigger' ? 'TRIGGER' : 'VIEW'} IF EXISTS ${name}`,
  // The run lock is a lock file beside the database (one host, as SQLite itself); inside it each
  // migration still takes SQLite's own write lock and re-checks the history.
  async tryLock(conn: Connection) {
    return conn.target.path === ':memory:' || tryLockFile(runLockFile(conn));
  },
  async unlock(conn: Connection) {
    if (conn.target.path !== ':memory:') releaseLockFile(runLockFile(conn));
  },
  // Nobody, when no process owns the run lock file: `voipdb status` says an upgrade runs only then.
  async lockHolder(conn: Connection) {
    const pid = lockFileOwner(runLockFile(conn));
    return pid ? { description: `process ${pid} (${runLockFile(conn)})` } : undefined;
  },
  isBusy: (e) => {
    const code = (e as { code?: string }).code ?? '';
    return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_BUSY');
  },
  commitsImplicitly: () => false,
  invalidIndexes: async () => [],
  dropInvalidIndex: (name) => `DROP INDEX IF EXISTS ${name}`,
  async tableExists(conn: Connection, table: string) {
    const r = await conn.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [table]);
    return r.length > 0;
  },
  // One file, one writer: no cluster, no pooler, and the write lock is taken per transaction.
  topology: async () => SINGLE,
  sessionId: async () => String(process.pid),
  lockBlockers: async () => [],
  ddlLockTimeout: () => [],
  isLockTimeout: () => false,
  blocksWriters: () => true,
  nowPlusMs: (ms) => `strftime('%Y-%m-%d %H:%M:%f', 'now', '+${(ms / 1000).toFixed(3)} seconds')`,
};
