import type { Connection } from '../db/connection.js';
import { reportedAction, terminated, type Dialect } from './dialect.js';
import { spelling, sqlString } from './spelling.js';
import { mysqlBlockers, mysqlSessionId, mysqlTopology } from './mysql-cluster.js';

// GET_LOCK names are server-wide: one lock per database, so tenants' upgrades do not queue.
const LOCK_NAME_SQL = "CONCAT('voipdb_upgrade.', LEFT(IFNULL(DATABASE(), ''), 48))";

// Backslashes escape in MySQL strings (unless NO_BACKSLASH_ESCAPES): written doubled, NUL as \0.
const spelled = spelling({
  mark: '`',
  string: (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\0/g, '\\0')}'`,
  bool: (b) => (b ? '1' : '0'),
  bytes: (b) => `X'${Buffer.from(b).toString('hex')}'`,
});

export const mysql: Dialect = {
  name: 'mysql',
  transactionalDDL: false,
  lockPerTransaction: false,
  ...spelled,
  readSnapshot: {
    begin: [
      'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ',
      'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY',
    ],
    end: 'COMMIT',
  },
  logicalReplication: false,
  databases: {
    adminTarget: (t) => ({ ...t, database: undefined }),
    existsSql: 'SELECT 1 FROM information_schema.schemata WHERE schema_name = ?',
    create: (name) => `CREATE DATABASE ${spelled.quote(name)} CHARACTER SET utf8mb4`,
    owners: false,
  },
  schema: {
    nativeEnums: false,
    uniquesAreIndexes: true,
    indexesForeignKeys: true,
    indexPrefixLengths: true,
    partialIndexes: false,
    indexMethods: false,
    // RESTRICT and NO ACTION are one thing in InnoDB.
    referentialAction: (a) => (a === 'RESTRICT' ? 'NO ACTION' : reportedAction(a)),
  },
  // Bodies with semicolons (triggers, procedures) need the client's DELIMITER.
  scriptStatement: (sql) => {
    const s = sql.replace(/;\s*$/, '');
    return /;/.test(s.replace(/'(?:[^']|'')*'/g, "''")) && /\bBEGIN\b/i.test(s)
      ? `DELIMITER $$\n${s}$$\nDELIMITER ;`
      : terminated(s);
  },
  begin: 'START TRANSACTION',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  now: 'UTC_TIMESTAMP(6)',
  elapsedMsSince: (iso) =>
    `TIMESTAMPDIFF(MICROSECOND, ${sqlString(iso.replace('T', ' ').replace('Z', ''))}, UTC_TIMESTAMP(6)) DIV 1000`,
  dropObject: (kind, name) => `DROP ${kind.toUpperCase()} IF EXISTS ${name}`,
  async tryLock(conn: Connection) {
    const [r] = await conn.query<{ ok: number | null }>(`SELECT GET_LOCK(${LOCK_NAME_SQL}, 0) AS ok`);
    return Number(r?.ok) === 1;
  },
  async unlock(conn: Connection) {
    await conn.query(`SELECT RELEASE_LOCK(${LOCK_NAME_SQL})`);
  },
  async lockHolder(conn: Connection) {
    const rows = await conn
      .query<{ id: number; user: string; host: string; time: number }>(
        `SELECT p.ID AS id, p.USER AS user, p.HOST AS host, p.TIME AS time FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(${LOCK_NAME_SQL})`,
      )
      .catch(() => []);
    const h = rows[0];
    return h ? { description: `connection ${h.id} (${h.user}@${h.host}, ${h.time}s)` } : undefined;
  },
  isBusy: () => false,
  // DDL and a few administrative statements commit the open transaction and themselves.
  commitsImplicitly: (sql) => IMPLICIT_COMMIT.test(sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '')),
  invalidIndexes: async () => [],
  dropInvalidIndex: (name) => `-- no invalid index on MySQL: ${name}`,
  async tableExists(conn: Connection, table: string) {
    const r = await conn.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`,
      [table],
    );
    return r.length > 0;
  },
  topology: mysqlTopology,
  sessionId: mysqlSessionId,
  lockBlockers: mysqlBlockers,
  // Whole seconds; below one second MariaDB's 0 means NOWAIT: give way at once, then retry.
  ddlLockTimeout: (ms) => {
    const s = Math.floor(ms / 1000);
    return [`SET SESSION lock_wait_timeout = ${s}, innodb_lock_wait_timeout = ${Math.max(s, 1)}`];
  },
  blocksWriters: () => true,
  // 1205 ER_LOCK_WAIT_TIMEOUT (metadata and row locks alike).
  isLockTimeout: (e) => (e as { errno?: number })?.errno === 1205,
  nowPlusMs: (ms) => `DATE_ADD(UTC_TIMESTAMP(6), INTERVAL ${Math.round(ms) * 1000} MICROSECOND)`,
};

const IMPLICIT_COMMIT =
  /^(CREATE|ALTER|DROP|RENAME|TRUNCATE|LOCK|UNLOCK|GRANT|REVOKE|ANALYZE|OPTIMIZE|REPAIR|INSTALL|UNINSTALL)\b/i;
