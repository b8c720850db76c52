// Kamailio's (and SER's) own version record: the `version(table_name, table_version)` table every
// module reads at start-up, refusing to start when its row is missing or differs from what it
// expects. voipdb writes those rows in the same step as the table change they describe, so the
// record can never lag behind the schema.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import type { Migration, RecordProblem, ScriptSet, VersionRecord } from '../../engine/types.js';

/** Per migration: the rows it sets (table -> version), or null for a table it drops. */
export type VersionSteps = Record<string, Record<string, number | null>>;

export interface VersionTableOptions {
  /** Whose modules read the rows, for messages: 'Kamailio', 'SER'. */
  platform: string;
  /** CREATE TABLE IF NOT EXISTS version ... as the platform's own script spells it, per dialect. */
  ddl: Partial<Record<DialectName, string[]>>;
  steps: VersionSteps;
  /** table -> module that checks its row (usrloc, auth_db...). */
  modules: Record<string, string>;
  /** Per migration: statements that change the version table itself, per dialect, written before its rows (up only; re-runnable). */
  tableSteps?: Record<string, Partial<Record<DialectName, string[]>>>;
  /** Which migration the database is at, when the rows alone cannot say (Kamailio changes tables without moving their rows). */
  recognise?: (conn: Connection, set: ScriptSet) => Promise<string | undefined>;
  /** Run once before an upgrade, stamp or repair touches the set (e.g. refuse a database past the target). */
  beforeRun?: (conn: Connection, set: ScriptSet) => Promise<void>;
  /** More for `check` to say about the set at `applied`, each with its next step (they make the set NOK). */
  notes?: (conn: Connection, applied: string | null | undefined) => Promise<RecordProblem[]>;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export class VersionTable implements VersionRecord {
  readonly name = 'kamailio-version-table';
  readonly table = 'version';
  constructor(readonly opts: VersionTableOptions) {}

  get platform(): string {
    return this.opts.platform;
  }

  moduleOf(table: string): string | undefined {
    return this.opts.modules[table];
  }

  async prepare(conn: Connection, set: ScriptSet): Promise<void> {
    await this.opts.beforeRun?.(conn, set);
  }

  ensure(dialect: DialectName): string[] {
    return this.opts.ddl[dialect] ?? [];
  }

  /** Rows the set expects once `upTo` (default: every migration) is applied. */
  expected(set: ScriptSet, upTo?: string): Record<string, number> {
    const rows: Record<string, number> = {};
    for (const m of set.migrations) {
      for (const [t, v] of Object.entries(this.opts.steps[m.version] ?? {})) {
        if (v === null) delete rows[t];
        else rows[t] = v;
      }
      if (m.version === upTo) break;
    }
    return rows;
  }

  /** Rows in force before `m`. */
  private before(set: ScriptSet, m: Migration): Record<string, number> {
    const i = set.migrations.findIndex((x) => x.version === m.version);
    return i <= 0 ? {} : this.expected(set, set.migrations[i - 1]!.version);
  }

  write(dialect: DialectName, m: Migration, direction: 'up' | 'down', set: ScriptSet): string[] {
    const out: string[] = direction === 'up' ? [...(this.opts.tableSteps?.[m.version]?.[dialect] ?? [])] : [];
    const step = this.opts.steps[m.version];
    if (!step) return out;
    const prior = this.before(set, m);
    for (const [t, v] of Object.entries(step)) {
      const was = prior[t];
      const target = direction === 'up' ? (v ?? undefined) : was;
      const existsNow = direction === 'up' ? was !== undefined : v !== null;
      const del = `DELETE FROM version WHERE table_name = ${lit(t)}`;
      if (target === undefined) out.push(del);
      else if (existsNow) out.push(`UPDATE version SET table_version = ${target} WHERE table_name = ${lit(t)}`);
      // A new row replaces any row already there: stamping a database the platform's own
      // script made (adopt) must leave exactly one row per table, and SER's table has no key.
      else out.push(del, `INSERT INTO version (table_name, table_version) VALUES (${lit(t)}, ${target})`);
    }
    return out;
  }

  /**
   * One message per row that disagrees with the schema the set is at (`applied`; undefined:
   * its head, null: nothing applied). Kamailio reads a missing row as 0 and refuses more than one.
   */
  async verify(conn: Connection, set: ScriptSet, applied?: string | null): Promise<(string | RecordProblem)[]> {
    if (applied === null) return [];
    const notes = (await this.opts.notes?.(conn, applied)) ?? [];
    const expected = this.expected(set, applied);
    if (!Object.keys(expected).length) return notes;
    const rows = await readVersionRows(conn);
    if (!rows)
      return [
        ...notes,
        `the version table is missing: set ${set.name} needs ${Object.keys(expected).length} rows in it (${this.platform} refuses to start)`,
      ];
    const problems: string[] = [];
    for (const [table, want] of Object.entries(expected)) {
      const who = `${this.platform}'s ${this.moduleOf(table) ?? 'module'}`;
      const got = rows.get(table) ?? [];
      if (got.length === 0)
        problems.push(`version row for "${table}" is missing, the schema is at ${want} (${who} refuses to start)`);
      else if (got.length > 1)
        problems.push(
          `version has ${got.length} rows for "${table}", the schema is at ${want} (${who} refuses to start)`,
        );
      else if (got[0] !== want)
        problems.push(
          `version row for "${table}" says ${got[0] ?? 'NULL'}, the schema is at ${want} (${who} refuses to start)`,
        );
    }
    return [...problems, ...notes];
  }

  /** Statements that put every row of the set back to what the schema at `applied` needs (for repair). */
  rewrite(set: ScriptSet, applied?: string | null): string[] {
    if (applied === null) return [];
    return Object.entries(this.expected(set, applied)).flatMap(([t, v]) => [
      `DELETE FROM version WHERE table_name = ${lit(t)}`,
      `INSERT INTO version (table_name, table_version) VALUES (${lit(t)}, ${v})`,
    ]);
  }

  /** The newest migration of the set whose rows all match the database; undefined when none does. */
  async read(conn: Connection, set: ScriptSet): Promise<string | undefined> {
    if (this.opts.recognise) return this.opts.recognise(conn, set);
    const rows = await readVersionRows(conn);
    if (!rows) return undefined;
    let found: string | undefined;
    for (const m of set.migrations) {
      if (!this.opts.steps[m.version]) continue;
      const want = this.expected(set, m.version);
      if (Object.entries(want).every(([t, v]) => rows.get(t)?.length === 1 && rows.get(t)![0] === v)) found = m.version;
    }
    return found;
  }
}

/** table_name -> its table_version values (several when duplicated); undefined when there is no `version` table. */
export async function readVersionRows(conn: Connection): Promise<Map<string, (number | null)[]> | undefined> {
  let rows: { table_name: string; table_version: unknown }[];
  try {
    rows = await conn.query('SELECT table_name, table_version FROM version');
  } catch {
    return undefined;
  }
  const out = new Map<string, (number | null)[]>();
  for (const r of rows) {
    const v = r.table_version === null || r.table_version === undefined ? null : Number(r.table_version);
    const list = out.get(r.table_name) ?? [];
    list.push(v === null || Number.isNaN(v) ? null : v);
    out.set(r.table_name, list);
  }
  return out;
}

export function versionTableOf(set: ScriptSet): VersionTable | undefined {
  return set.versionRecords?.find((r): r is VersionTable => r instanceof VersionTable);
}
