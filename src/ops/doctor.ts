// `voipdb doctor`: the Ominis document's monitoring queries — connections, active queries, table
// sizes, index use, unused indexes — on each dialect as far as the dialect can tell, plus where
// every script set stands. Also the table-size summary `init` prints at its end.

import { redact } from '../core/redact.js';
import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { status, type ScriptSet } from '../engine/index.js';

export interface TableSize {
  table: string;
  /** Data + indexes + TOAST, in bytes; null when the dialect cannot tell. */
  bytes: number | null;
  /** The planner's estimate (PostgreSQL, MySQL) or an exact count (SQLite). */
  rows: number | null;
}

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
  tableSizes(conn: Connection): Promise<TableSize[]>;
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
  async tableSizes(conn) {
    const rows = await conn.query<Record<string, unknown>>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes, c.reltuples AS est
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
        ORDER BY pg_total_relation_size(c.oid) DESC, c.relname`,
    );
    // reltuples is -1 (PostgreSQL 14+) or 0 before the first VACUUM/ANALYZE: unknown.
    return rows.map((r) => ({ table: String(r.name), bytes: num(r.bytes), rows: Number(r.est) > 0 ? Math.round(Number(r.est)) : null }));
  },
  async indexUse(conn) {
    const rows = await conn.query<Record<string, unknown>>(
      `SELECT s.relname AS tbl, s.indexrelname AS idx, s.idx_scan AS scans, pg_relation_size(s.indexrelid) AS bytes, i.indisunique AS uniq
         FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
        WHERE s.schemaname = current_schema()
        ORDER BY s.idx_scan DESC, s.relname, s.indexrelname`,
    );
    return rows.map((r) => ({ table: String(r.tbl), index: String(r.idx), scans: Number(r.scans ?? 0), bytes: num(r.bytes), unique: r.uniq === true }));
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
  async tableSizes(conn) {
    const rows = await conn.query<Record<string, unknown>>(
      `SELECT TABLE_NAME AS name, DATA_LENGTH + INDEX_LENGTH AS bytes, TABLE_ROWS AS est
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
        ORDER BY DATA_LENGTH + INDEX_LENGTH DESC, TABLE_NAME`,
    );
    return rows.map((r) => ({ table: String(r.name), bytes: num(r.bytes), rows: num(r.est) }));
  },
  async indexUse(conn) {
    const [ps] = await conn.query<{ on: unknown }>('SELECT @@performance_schema AS `on`');
    if (Number(ps?.on) !== 1) return 'index use needs performance_schema: set performance_schema=ON in the server configuration and restart';
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
    return rows.map((r) => ({ table: String(r.tbl), index: String(r.idx), scans: Number(r.scans ?? 0), bytes: num(r.bytes), unique: Number(r.nonuniq) === 0 }));
  },
};

const sqlite: Monitor = {
  missing: [
    'SQLite has no server: connections and active queries do not exist',
    'SQLite keeps no index statistics: index use cannot be measured',
  ],
  async tableSizes(conn) {
    const tables = await conn.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    let bytes = new Map<string, number>();
    try {
      // dbstat counts pages per table and index; an index's pages belong to its table.
      const rows = await conn.query<{ tbl: string; bytes: unknown }>(
        "SELECT m.tbl_name AS tbl, SUM(d.pgsize) AS bytes FROM dbstat d JOIN sqlite_master m ON m.name = d.name GROUP BY m.tbl_name",
      );
      bytes = new Map(rows.map((r) => [r.tbl, Number(r.bytes)]));
    } catch {
      // SQLite built without SQLITE_ENABLE_DBSTAT_VTAB: sizes unknown, counts still given.
    }
    const out: TableSize[] = [];
    for (const { name } of tables) {
      const [c] = await conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`);
      out.push({ table: name, bytes: bytes.size ? bytes.get(name) ?? 0 : null, rows: Number(c?.n ?? 0) });
    }
    return out.sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0) || a.table.localeCompare(b.table));
  },
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
    tables: await m.tableSizes(conn),
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

/** 8192 -> "8 kB", as the document's summary writes sizes. */
export function prettyBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 || v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function formatDoctor(r: DoctorReport): string {
  const out: string[] = [`voipdb doctor — ${r.target} (${r.dialect})`, ''];
  if (r.connections !== null) out.push(`Connections: ${r.connections}`);
  if (r.activeQueries !== null) {
    out.push(`Active queries: ${r.activeQueries.length}`);
    for (const q of r.activeQueries) out.push(`  [${q.pid}] ${q.user ?? '?'} ${q.state ?? ''}: ${(q.query ?? '').replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  out.push('', 'Tables:');
  out.push(...table(['table', 'size', 'rows'], r.tables.map((t) => [t.table, prettyBytes(t.bytes), t.rows === null ? '?' : String(t.rows)])).map((l) => '  ' + l));
  if (r.indexes) {
    out.push('', 'Index use:');
    out.push(...table(['table', 'index', 'scans', 'size'], r.indexes.map((i) => [i.table, i.index, String(i.scans), prettyBytes(i.bytes)])).map((l) => '  ' + l));
    out.push('', `Unused indexes (no scans, not enforcing a constraint): ${r.unusedIndexes!.length}`);
    for (const i of r.unusedIndexes!) out.push(`  ${i.table}.${i.index} (${prettyBytes(i.bytes)})`);
  }
  if (r.sets.length) {
    out.push('', 'Script sets:');
    out.push(
      ...table(
        ['set', 'state', 'current', 'head', 'pending'],
        r.sets.map((s) => [s.set, s.upToDate ? 'OK' : 'NOK', s.current ?? '(none)', s.head ?? '(none)', String(s.pending)]),
      ).map((l) => '  ' + l),
    );
    for (const s of r.sets) for (const p of s.problems) out.push(`  ${s.set}: ${p}`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

export interface TableSummary {
  /** The tables asked for, in name order (absent ones are reported as missing). */
  tables: TableSize[];
  missing: string[];
  /** Every table in the database (the document's "Total tables"). */
  totalTables: number;
  /** Size of the listed tables together. */
  totalBytes: number | null;
}

/** Each table and its size, and the totals: what `init` prints when it is done. */
export async function tableSummary(conn: Connection, tables?: string[]): Promise<TableSummary> {
  const all = await monitors[conn.dialect].tableSizes(conn);
  const byName = new Map(all.map((t) => [t.table, t]));
  const wanted = tables ? [...new Set(tables)] : all.map((t) => t.table);
  const listed = wanted.filter((t) => byName.has(t)).sort().map((t) => byName.get(t)!);
  const known = listed.every((t) => t.bytes !== null);
  return {
    tables: listed,
    missing: wanted.filter((t) => !byName.has(t)),
    totalTables: all.length,
    totalBytes: known ? listed.reduce((s, t) => s + (t.bytes ?? 0), 0) : null,
  };
}

export function formatTableSummary(s: TableSummary): string {
  const width = Math.max(0, ...s.tables.map((t) => t.table.length));
  const lines = [
    'Database summary:',
    `  Total tables: ${s.totalTables}`,
    ...s.tables.map((t) => `  - ${(t.table + ':').padEnd(width + 1)} ${prettyBytes(t.bytes)}`),
    `  Total size of these ${s.tables.length} tables: ${prettyBytes(s.totalBytes)}`,
  ];
  if (s.missing.length) lines.push(`  Missing: ${s.missing.join(', ')}`);
  return lines.join('\n');
}
