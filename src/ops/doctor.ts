// `voipdb doctor`: the Ominis document's monitoring queries — connections, active queries, table
// sizes, index use, unused indexes — on each dialect as far as the dialect can tell, plus where
// every script set stands. The CLI (src/cli/commands/doctor.ts) prints it as tables or JSON.

import { redact } from '../core/redact.js';
import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { status, type ScriptSet } from '../engine/index.js';
import { tableSizes, type TableSize } from '../schema/introspect/table-sizes.js';

export type { TableSize };

export interface IndexUse {
  table: string;
  index: string;
  /** Scans since the statistics were last reset. */
  scans: number;
  bytes: number | null;
  /** Unique and primary-key indexes enforce a constraint: never "unused". */
  unique: boolean;
}

export interface ActiveQuery {
  pid: string;
  user: string | null;
  state: string | null;
  query: string | null;
}

export interface SetReport {
  set: string;
  current: string | null;
  head: string | null;
  pending: number;
  upToDate: boolean;
  problems: string[];
}

export interface DoctorReport {
  target: string;
  dialect: DialectName;
  /** null: the dialect has no such thing (see notes). */
  connections: number | null;
  activeQueries: ActiveQuery[] | null;
  tables: TableSize[];
  indexes: IndexUse[] | null;
  unusedIndexes: IndexUse[] | null;
  sets: SetReport[];
  notes: string[];
}

interface Monitor {
  connections?(conn: Connection): Promise<number>;
  activeQueries?(conn: Connection): Promise<ActiveQuery[]>;
  /** Index scans, or a note saying why they cannot be read. */
  indexUse?(conn: Connection): Promise<IndexUse[] | string>;
  /** Why a missing capability is missing. */
  missing: string[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const postgres: Monitor = {
  missing: [],
  async connections(conn) {
    const [r] = await conn.query<{ n: unknown }>('SELECT count(*) AS n FROM pg_stat_activity');
    return Number(r?.n ?? 0);
  },
  async activeQueries(conn) {
    const rows = await conn.query<Record<string, unknown>>(
      "SELECT pid, usename, state, query FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() ORDER BY query_start",
    );
    return rows.map((r) => ({ pid: String(r.pid), user: str(r.usename), state: str(r.state), query: str(r.query) }));
  },
  async indexUse(conn) {
    const rows = await conn.query<Record<string, unknown>>(
      `SELECT s.relname AS tbl, s.indexrelname AS idx, s.idx_scan AS scans, pg_relation_size(s.indexrelid) AS bytes, i.indisunique AS uniq
         FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
        WHERE s.schemaname = current_schema()
        ORDER BY s.idx_scan DESC, s.relname, s.indexrelname`,
    );
    return rows.map((r) => ({
      table: String(r.tbl),
      index: String(r.idx),
      scans: Number(r.scans ?? 0),
      bytes: num(r.bytes),
      unique: r.uniq === true,
    }));
  },
};

const mysql: Monitor = {
  missing: [],
  async connections(conn) {
    const [r] = await conn.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST');
    return Number(r?.n ?? 0);
  },
  async activeQueries(conn) {
    const rows = await conn.query<Record<string, unknown>>(
      "SELECT ID AS pid, USER AS usr, STATE AS state, INFO AS query FROM information_schema.PROCESSLIST WHERE COMMAND NOT IN ('Sleep', 'Daemon') AND ID <> CONNECTION_ID() ORDER BY TIME DESC",
    );
    return rows.map((r) => ({ pid: String(r.pid), user: str(r.usr), state: str(r.state), query: str(r.query) }));
  },
  async indexUse(conn) {
    const [ps] = await conn.query<{ on: unknown }>('SELECT @@performance_schema AS `on`');
    if (Number(ps?.on) !== 1)
      return 'index use needs performance_schema: set performance_schema=ON in the server configuration and restart';
    const rows = await conn.query<Record<string, unknown>>(
      `SELECT u.OBJECT_NAME AS tbl, u.INDEX_NAME AS idx, u.COUNT_STAR AS scans, s.NON_UNIQUE AS nonuniq,
              (SELECT st.stat_value * @@innodb_page_size FROM mysql.innodb_index_stats st
                WHERE st.database_name = u.OBJECT_SCHEMA AND st.table_name = u.OBJECT_NAME AND st.index_name = u.INDEX_NAME AND st.stat_name = 'size') AS bytes
         FROM performance_schema.table_io_waits_summary_by_index_usage u
         JOIN (SELECT DISTINCT TABLE_NAME, INDEX_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()) s
           ON s.TABLE_NAME = u.OBJECT_NAME AND s.INDEX_NAME = u.INDEX_NAME
        WHERE u.OBJECT_SCHEMA = DATABASE()
        ORDER BY u.COUNT_STAR DESC, u.OBJECT_NAME, u.INDEX_NAME`,
    );
    return rows.map((r) => ({
      table: String(r.tbl),
      index: String(r.idx),
      scans: Number(r.scans ?? 0),
      bytes: num(r.bytes),
      unique: Number(r.nonuniq) === 0,
    }));
  },
};

const sqlite: Monitor = {
  missing: [
    'SQLite has no server: connections and active queries do not exist',
    'SQLite keeps no index statistics: index use cannot be measured',
  ],
};

const monitors: Record<DialectName, Monitor> = { postgres, mysql, sqlite };

/** Query text can carry secrets (ALTER ROLE ... PASSWORD '...'): never show them. */
function scrub(query: string | null): string | null {
  if (query === null) return null;
  return redact(query).replace(/\b(PASSWORD|IDENTIFIED\s+BY)\s+'(?:[^']|'')*'/gi, "$1 '***'");
}

export async function doctor(conn: Connection, sets: ScriptSet[] = []): Promise<DoctorReport> {
  const m = monitors[conn.dialect];
  const notes = [...m.missing];
  const indexUse = m.indexUse ? await m.indexUse(conn) : null;
  if (typeof indexUse === 'string') notes.push(indexUse);
  const indexes = Array.isArray(indexUse) ? indexUse : null;
  const states = sets.length ? await status(conn, sets) : [];
  return {
    target: conn.target.display,
    dialect: conn.dialect,
    connections: m.connections ? await m.connections(conn) : null,
    activeQueries: m.activeQueries ? (await m.activeQueries(conn)).map((q) => ({ ...q, query: scrub(q.query) })) : null,
    tables: (await tableSizes(conn)).tables.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name)),
    indexes,
    unusedIndexes: indexes ? indexes.filter((i) => i.scans === 0 && !i.unique) : null,
    sets: states.map((s) => ({
      set: s.set.name,
      current: s.current,
      head: s.head,
      pending: s.pending.length,
      upToDate: s.upToDate,
      problems: s.problems.map((p) => `${p.message} (next: ${p.hint})`),
    })),
    notes,
  };
}
