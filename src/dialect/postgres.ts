import type { Connection } from '../db/connection.js';
import { withDatabase } from '../db/url.js';
import { reportedAction, terminated, type Dialect } from './dialect.js';
import { spelling, sqlString } from './spelling.js';
import {
  postgresBlockers,
  postgresReplicaPosition,
  postgresReplicas,
  postgresSessionId,
  postgresTopology,
} from './postgres-cluster.js';

// One number for voipdb's advisory lock: "voip" in ASCII.
const LOCK_KEY = 1987013232;

const spelled = spelling({
  mark: '"',
  string: sqlString,
  bool: (b) => (b ? 'TRUE' : 'FALSE'),
  bytes: (b) => `'\\x${Buffer.from(b).toString('hex')}'::bytea`,
});

export const postgres: Dialect = {
  name: 'postgres',
  transactionalDDL: true,
  lockPerTransaction: false,
  ...spelled,
  readSnapshot: { begin: ['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'], end: 'COMMIT' },
  logicalReplication: true,
  databases: {
    adminTarget: (t) => withDatabase(t, 'postgres'),
    existsSql: 'SELECT 1 FROM pg_database WHERE datname = ?',
    create: (name, owner) =>
      `CREATE DATABASE ${spelled.quote(name)}${owner ? ` WITH OWNER ${spelled.quote(owner)}` : ''} ENCODING 'UTF8'`,
    owners: true,
  },
  schema: {
    nativeEnums: true,
    uniquesAreIndexes: false,
    indexesForeignKeys: false,
    indexPrefixLengths: false,
    partialIndexes: true,
    indexMethods: true,
    referentialAction: reportedAction,
  },
  scriptStatement: terminated,
  begin: 'BEGIN',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  now: "(now() AT TIME ZONE 'UTC')",
  clock: {
    mark: (n) => `SELECT set_config('voipdb.${n}', (clock_timestamp() AT TIME ZONE 'UTC')::text, false)`,
    at: (n) => `current_setting('voipdb.${n}')::timestamp`,
    msBetween: (a, b) =>
      `CAST(EXTRACT(EPOCH FROM current_setting('voipdb.${b}')::timestamp - current_setting('voipdb.${a}')::timestamp) * 1000 AS INTEGER)`,
  },
  elapsedMsSince: (iso) =>
    `CAST(EXTRACT(EPOCH FROM (clock_timestamp() AT TIME ZONE 'UTC') - TIMESTAMP ${sqlString(iso)}) * 1000 AS INTEGER)`,
  dropObject: (kind, name, table) =>
    kind === 'trigger'
      ? `DROP TRIGGER IF EXISTS ${name} ON ${table}`
      : `DROP ${kind.toUpperCase()} IF EXISTS ${name} CASCADE`,
  async tryLock(conn: Connection) {
    const [r] = await conn.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS ok`);
    return r?.ok === true;
  },
  async unlock(conn: Connection) {
    await conn.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
  },
  // An advisory lock is this database's: an upgrade of another database on the server is not ours.
  async lockHolder(conn: Connection) {
    const rows = await conn
      .query<{ pid: number; application_name: string; client_addr: string | null; backend_start: string }>(
        `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr, a.backend_start::text AS backend_start
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objid = ${LOCK_KEY} AND l.classid = 0
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1`,
      )
      .catch(() => []);
    const h = rows[0];
    return h
      ? {
          description: `server pid ${h.pid} (${h.application_name || 'unknown'}${h.client_addr ? ' from ' + h.client_addr : ''}, connected ${h.backend_start})`,
        }
      : undefined;
  },
  isBusy: () => false,
  commitsImplicitly: () => false,
  async invalidIndexes(conn: Connection) {
    const rows = await conn.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT i.indisvalid`,
    );
    return rows.map((r) => r.name);
  },
  dropInvalidIndex: (name) => `DROP INDEX CONCURRENTLY IF EXISTS "${name.replace(/"/g, '""')}"`,
  async tableExists(conn: Connection, table: string) {
    // The catalog, not information_schema: a new session's first look at information_schema
    // costs it 5-40 ms of parsing views, and every command starts with this question.
    const r = await conn.query(
      `SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'f')`,
      [table],
    );
    return r.length > 0;
  },
  topology: postgresTopology,
  sessionId: postgresSessionId,
  lockBlockers: postgresBlockers,
  ddlLockTimeout: (ms, local) => [`SET ${local ? 'LOCAL ' : ''}lock_timeout = '${Math.max(0, Math.round(ms))}ms'`],
  // A concurrent index build waits for old transactions without holding writers up.
  blocksWriters: (sql) => !/\bCONCURRENTLY\b/i.test(sql),
  // 55P03 lock_not_available: lock_timeout or NOWAIT.
  isLockTimeout: (e) => (e as { code?: string })?.code === '55P03',
  nowPlusMs: (ms) => `((now() AT TIME ZONE 'UTC') + interval '${Math.round(ms)} milliseconds')`,
  replicaPosition: postgresReplicaPosition,
  replicas: postgresReplicas,
};
