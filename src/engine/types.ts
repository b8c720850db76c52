// The engine's vocabulary: migrations grouped into script sets, version records, packs.

import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import type { Ops } from '../schema/operations.js';
import type { NamingConvention } from '../schema/types.js';

export type MigrationKind = 'versioned' | 'repeatable' | 'baseline';

/** Context a TS migration body receives. */
export interface MigrationContext {
  dialect: DialectName;
  /** Options the admin chose for the pack (e.g. excluded modules / groups). */
  options: Record<string, unknown>;
}

/** SQL text, per dialect or for all; or operations built with `op.*`. */
export type MigrationBody =
  | { sql: string | (Partial<Record<DialectName, string>> & { default?: string }) }
  | { ops: (op: Ops, ctx: MigrationContext) => void };

export interface Migration {
  /** Version (file sets) or revision id (alembic-style sets). */
  version: string;
  /** Parent revision; undefined for sets ordered by version. null = base. */
  parent?: string | null;
  description: string;
  kind: MigrationKind;
  /** File name or module path, for history and messages. */
  script: string;
  up: MigrationBody;
  down?: MigrationBody;
  /** false: cannot run in a transaction (CREATE INDEX CONCURRENTLY...). Default true. */
  transactional?: boolean;
  /** Helper files loaded before the script (oVirt `--#source`). */
  sources?: string[];
  /** The text the checksum covers, when not the whole body (an oVirt base: create_tables.sql, not the helpers it loads). */
  checksumText?: string;
  /** Dialects this migration applies to; others skip it (recorded as skipped). */
  dialects?: DialectName[];
}

/** A foreign version record a platform reads and voipdb keeps true (alembic_version_<set>, Kamailio version rows, oVirt schema_version...). */
export interface VersionRecord {
  readonly name: string;
  /** The table the record is kept in, when its name is not it (Kamailio's `version`): the set's own, not drift. */
  readonly table?: string;
  /** Create the record's table if missing (statements, dialect spelled). */
  ensure(dialect: DialectName): string[];
  /** Statements that record `migration` as applied (up) or removed (down), in the migration's transaction. */
  write(dialect: DialectName, migration: Migration, direction: 'up' | 'down', set: ScriptSet): string[];
  /** Read the platform's current version (for adopt/check); undefined when absent. */
  read?(conn: Connection, set: ScriptSet): Promise<string | undefined>;
  /** Run once on connect, before anything else (e.g. Asterisk's legacy alembic_version rename). */
  prepare?(conn: Connection, set: ScriptSet): Promise<void>;
  /** Problems with the record itself (e.g. a Kamailio version row that disagrees with its table), one message each; with its own next step when repair is not it. */
  verify?(conn: Connection, set: ScriptSet, appliedVersion: string | null): Promise<(string | RecordProblem)[]>;
  /** Statements that put the record back to what the schema at `appliedVersion` needs (run by `repair`). */
  rewrite?(set: ScriptSet, appliedVersion: string | null): string[];
}

export interface RecordProblem {
  message: string;
  hint: string;
}

export interface ScriptSet {
  /** Unique name in a database: 'asterisk/config', 'kamailio', 'myapp'. */
  name: string;
  /** Ordered oldest first. Repeatables come after versioned ones and are applied after them. */
  migrations: Migration[];
  /** Re-entrant scripts run before / after the versioned steps of every upgrade. */
  preUpgrade?: Migration[];
  postUpgrade?: Migration[];
  versionRecords?: VersionRecord[];
  naming?: NamingConvention;
  /** Sets that must be at head before this one runs. */
  dependsOn?: string[];
  /** How versions are ordered and checked: 'revision' (parent chain) or a file convention. */
  convention?: 'revision' | 'flyway' | 'ovirt' | 'numbered' | 'xivo-legacy';
  /**
   * The platform release series each version first shipped in (Asterisk 13, 16...): a plan that
   * takes a database into a later series says so before it runs (data loss is possible there).
   */
  releases?: { platform: string; firstShipped: Record<string, number> };
  /** Where a directory set came from. */
  dir?: string;
  /** The back-ends the set can be built on, and why only those (undefined: every one). */
  dialects?: { only: DialectName[]; why: string };
  /** A directory set's SQL files that no naming convention matched: not run, named in warnings. */
  unmatched?: string[];
  /**
   * Migrations the set once carried by mistake and no release of the platform has, each with the
   * down body that puts its work back: where the history records one, `upgrade` and `repair` undo it.
   */
  retired?: Migration[];
  /** A head schema built in one step on a database that has none of it, for sets whose chain cannot build it. */
  head?: HeadInstall;
  options?: Record<string, unknown>;
  /** The options the database recorded for the set, when the admin gave others this time. */
  recordedOptions?: Record<string, unknown>;
}

/**
 * The schema at a set's head as the platform's installer builds it, when replaying the chain cannot
 * (XiVO 14.08's first revision is empty: xivo-init-db runs create_all and populate, then
 * `alembic stamp head`). The engine runs it as one fresh-install step and records every migration.
 */
export interface HeadInstall {
  /** The tables it creates: a database holding any of them is not fresh for the set. */
  tables: string[];
  /** Its statements for this dialect and the admin's options; undefined where it has none. */
  statements(ctx: MigrationContext): string[] | undefined;
}

/** A set `adopt` found, at its version, with the pack options that produce the set. */
export interface Detected {
  set: string;
  version: string | null;
  options?: Record<string, unknown>;
  /** What the pack found, for people: "Kamailio 5.4", or which tables disagree. */
  note?: string;
}

/**
 * A relation the platform's code follows but its schema does not declare (Asterisk and Kamailio
 * declare almost no foreign keys): drawn by `erd` as a logical link.
 */
export interface LogicalRelation {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  /** Who follows it, e.g. "res_pjsip: an endpoint's aors". */
  note?: string;
}

export interface TableGroups {
  [group: string]: string[];
}

export interface Pack {
  name: string;
  description: string;
  /** Sets, given the admin's options (e.g. Kamailio groups, Asterisk excluded modules). */
  sets(options?: Record<string, unknown>): ScriptSet[] | Promise<ScriptSet[]>;
  tableGroups?: TableGroups;
  /** Groups replicate leaves out and restore --keep-system-config keeps, when the admin names none. */
  groupDefaults?: { replicateExclude?: string[]; systemConfig?: string[] };
  /** The platform's modules and the tables each reads (Asterisk's res_pjsip, Kamailio's usrloc): how `erd` groups tables. */
  modules?: Record<string, string[]>;
  /** Relations the platform follows without a declared foreign key. */
  relations?: LogicalRelation[];
  /** Names of the pack's sets when no option chooses. */
  defaultSets?: string[];
  /** Recognise a database the platform's own tooling made (for `adopt`): each set's current version, or undefined. */
  detect?(conn: Connection): Promise<Detected[] | undefined>;
  /** Before `upgrade` runs the sets (XiVO: finish the legacy numbered scripts and switch over). */
  beforeUpgrade?(conn: Connection, sets: ScriptSet[], ctx: PackHookContext): Promise<void>;
  /** What `check` adds for this pack (XiVO's legacy scripts): lines to show, and whether it is up to date. */
  check?(conn: Connection, sets: ScriptSet[], ctx: PackHookContext): Promise<PackCheck | undefined>;
  /** What `init` ends with for this pack (the Ominis migrate.py summary): readable text and its data. */
  summary?(conn: Connection): Promise<{ text: string; data: unknown }>;
  /** Roles and grants the platform expects (for `grants`), as statements to review or apply. */
  grants?(dialect: DialectName, opts: Record<string, string>): { role: string; statements: string[] }[];
}

/** What a pack's hook is given beside the connection: the admin's pack-specific settings and the tools above the packs. */
export interface PackHookContext {
  /** Settings for the hook (XiVO: legacyStateDir, legacyMigrationDir, legacyDatabases, legacyDropRole). */
  settings: Record<string, unknown>;
  events: import('../core/events.js').EventSink;
  /** Fold one database into another, verified (voipdb merge), for hooks that must. */
  fold(into: Connection, from: Connection, opts: FoldOptions): Promise<{ sourceDropped: boolean }>;
}

export interface FoldOptions {
  dropSource: boolean;
  dropRole?: string;
  owner?: string;
  resume: boolean;
  events?: import('../core/events.js').EventSink;
}

export interface PackCheck {
  ok: boolean;
  /** Lines to show (XiVO's "Checking databases..."). */
  lines: string[];
  warnings: string[];
}
