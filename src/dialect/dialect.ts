// What the engine needs to know about a dialect: how SQL is spelled and what it can do.
// The engine never asks "is this MySQL?": it asks the dialect.

import type { Connection } from '../db/connection.js';
import type { Topology } from '../db/topology.js';
import type { DialectName, Target } from '../db/url.js';
import type { Spelling } from './spelling.js';

export { sqlString } from './spelling.js';

export type ObjectKind = 'view' | 'function' | 'procedure' | 'trigger';

export interface LockHolder {
  description: string;
}

/** A session keeping another one waiting for a lock. */
export interface LockBlocker {
  session: string;
  user: string;
  state: string;
  query: string;
  /** Since when its transaction (or session) runs, UTC. */
  since: string;
}

/** One standby as the primary sees it. */
export interface ReplicaState {
  name: string;
  state: string;
  /** WAL bytes still to replay up to the position waited for; null when unknown. */
  behindBytes: number | null;
  /** The server's own replay lag, ms. */
  lagMs: number | null;
  caughtUp: boolean;
}

/**
 * How a dialect keeps what a schema model says, for comparing a model with a live database
 * (schema/diff.ts, schema/normalize.ts): what it reports back differently from what was written.
 */
export interface SchemaQuirks {
  /** Enums are types of their own (CREATE TYPE), compared as such. */
  nativeEnums: boolean;
  /** Unique constraints are unique indexes; an unnamed one is named after its first column. */
  uniquesAreIndexes: boolean;
  /** A foreign key without an index gets one, named after the constraint or on its columns. */
  indexesForeignKeys: boolean;
  /** What an index says beyond its columns: prefix lengths, a WHERE predicate, a method other than btree. */
  indexPrefixLengths: boolean;
  partialIndexes: boolean;
  indexMethods: boolean;
  /** A referential action as the catalog reports it (none given is NO ACTION everywhere). */
  referentialAction(action: string | undefined): string;
  /** The type an auto-increment key always reads back as, whatever the model says (SQLite's INTEGER). */
  autoIncrementType?: string;
  /** Only a table's one-column primary key can number itself (SQLite's INTEGER PRIMARY KEY AUTOINCREMENT). */
  autoIncrementOnlyAsKey?: boolean;
}

/** NO ACTION when none is given; the action otherwise. */
export const reportedAction = (a: string | undefined): string => (a ? a : 'NO ACTION');

/** Databases on a server: how `init --create-database` looks for one and creates it. */
export interface ServerDatabases {
  /** Where to connect to create a database (PostgreSQL: the `postgres` database; MySQL: none). */
  adminTarget(target: Target): Target;
  /** SELECT of one row when the database named by the one parameter exists. */
  existsSql: string;
  /** CREATE DATABASE in UTF-8, owned by a role where databases have owners. */
  create(name: string, owner?: string): string;
  /** Databases are owned by a login role (PostgreSQL). */
  owners: boolean;
}

export interface Dialect extends Spelling {
  readonly name: DialectName;
  /** A read snapshot that stays the same across tables: the statements opening and closing it. */
  readonly readSnapshot: { begin: string[]; end: string };
  /** Publications and subscriptions between servers (PostgreSQL's logical replication). */
  readonly logicalReplication: boolean;
  /** Databases on a server; undefined where a database is a file (SQLite). */
  readonly databases: ServerDatabases | undefined;
  /** What it reports back differently from what a model says (drift). */
  readonly schema: SchemaQuirks;
  /** DDL commits with the transaction (PostgreSQL, SQLite); MySQL commits DDL implicitly. */
  readonly transactionalDDL: boolean;
  /** The run lock is held per transaction (SQLite's write lock) rather than for the whole run. */
  readonly lockPerTransaction: boolean;
  /** Statements opening and closing a migration's transaction. */
  begin: string;
  commit: string;
  rollback: string;
  /** One statement as a line of a client script (psql, mariadb, sqlite3), terminator included. */
  scriptStatement(sql: string): string;
  /** Elapsed milliseconds since an ISO timestamp literal, computed by the server at commit time. */
  elapsedMsSince(isoUtc: string): string;
  /** The server's current UTC time as a literal-comparable expression. */
  now: string;
  /**
   * Where several migrations share one transaction and one round trip: a statement noting the
   * server's clock under a name, SQL reading a note back, and the milliseconds between two notes,
   * so each migration's history row gets its own time (PostgreSQL). Notes last for the session.
   */
  clock?: { mark(name: string): string; at(name: string): string; msBetween(from: string, to: string): string };
  /** Drop a view/function/procedure/trigger if it exists (for repeatables). */
  dropObject(kind: ObjectKind, name: string, table?: string): string;
  /** Try to take the run lock once; true when taken. */
  tryLock(conn: Connection): Promise<boolean>;
  unlock(conn: Connection): Promise<void>;
  /** Who holds the run lock, for the wait message. */
  lockHolder(conn: Connection): Promise<LockHolder | undefined>;
  /** Does this error mean "another writer holds the lock" (SQLite BUSY)? */
  isBusy(e: unknown): boolean;
  tableExists(conn: Connection, table: string): Promise<boolean>;
  /** Does this statement commit by itself, whatever transaction is open (MySQL DDL)? */
  commitsImplicitly(sql: string): boolean;
  /** Indexes left unusable by an interrupted or failed concurrent build (PostgreSQL INVALID). */
  invalidIndexes(conn: Connection): Promise<string[]>;
  /** Drop an index left INVALID, without blocking writers. */
  dropInvalidIndex(name: string): string;
  /** What stands behind this connection: one server, a Galera node, a standby, a pooler. */
  topology(conn: Connection): Promise<Topology>;
  /** This session's id as the server's activity views name it (pid, connection id). */
  sessionId(conn: Connection): Promise<string>;
  /** The sessions keeping `session` waiting for a lock, looked up from another connection. */
  lockBlockers(observer: Connection, session: string): Promise<LockBlocker[]>;
  /**
   * Statements bounding how long this session's DDL waits for a table lock (ms > 0); `local`
   * limits it to the open transaction where the dialect can (PostgreSQL's SET LOCAL, which a
   * transaction pooler keeps to the lent session).
   */
  ddlLockTimeout(ms: number, local: boolean): string[];
  /** Does this statement make writers queue behind it while it waits for its lock? (Not CONCURRENTLY.) */
  blocksWriters(sql: string): boolean;
  /** Does this error mean a statement gave up waiting for a lock? */
  isLockTimeout(e: unknown): boolean;
  /** The server's UTC time plus ms, comparable with `now` (lease expiries). */
  nowPlusMs(ms: number): string;
  /** Streaming standbys: the primary's current position, then each standby's progress towards it. */
  replicaPosition?(conn: Connection): Promise<string>;
  replicas?(conn: Connection, position: string): Promise<ReplicaState[]>;
}

/** `sql;` — or, when it ends in a -- comment, the semicolon on its own line. */
export function terminated(sql: string): string {
  const s = sql.replace(/;\s*$/, '');
  return s + (/--[^\n]*$/.test(s) ? '\n;' : ';');
}
