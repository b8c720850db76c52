// Each table with its rows and size on disk, for `init`'s summary (the Ominis migrate.py output).

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { dialectOf } from '../../dialect/index.js';

export interface TableSize {
  name: string;
  rows: number;
  bytes: number;
  size: string;
}

export function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Math.round(v)} ${units[i]}`;
}

type Measured = { rows: number; bytes: number };

/** Per dialect: the catalog's estimate for every table, and how to measure one where it has none. */
const SIZES: Record<DialectName, { query: string; measure?: (conn: Connection, table: string) => Promise<Measured> }> =
  {
    // reltuples is -1 before the first ANALYZE: the rows are then counted.
    postgres: {
      query: `SELECT c.relname AS name, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname`,
    },
    mysql: {
      query: `SELECT table_name AS name, table_rows AS \`rows\`, data_length + index_length AS bytes
            FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    },
    // No statistics: every table counted, its size from its pages and its indexes' pages.
    sqlite: {
      query: `SELECT name, 0 AS rows, 0 AS bytes FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      measure: async (conn, table) => {
        const q = dialectOf(conn.dialect).quote(table);
        const rows = Number((await conn.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q}`))[0]?.n ?? 0);
        const bytes = Number(
          (
            await conn
              .query<{ b: number }>(
                `SELECT SUM(d.pgsize) AS b FROM dbstat d JOIN sqlite_master m ON m.name = d.name WHERE m.tbl_name = ?`,
                [table],
              )
              .catch(() => [{ b: 0 }])
          )[0]?.b ?? 0,
        );
        return { rows, bytes };
      },
    },
  };

export async function tableSizes(
  conn: Connection,
): Promise<{ tables: TableSize[]; totalBytes: number; totalSize: string }> {
  const sizes = SIZES[conn.dialect];
  const rows = await conn.query<{ name: string; rows: unknown; bytes: unknown }>(sizes.query);
  const tables: TableSize[] = [];
  for (const r of rows) {
    let count = Number(r.rows ?? -1);
    let bytes = Number(r.bytes ?? 0);
    if (sizes.measure) {
      ({ rows: count, bytes } = await sizes.measure(conn, r.name));
    } else if (count < 0 || r.rows === null) {
      const q = dialectOf(conn.dialect).quote(r.name);
      // A table another session drops meanwhile (an upgrade running) is left out, not an error.
      const counted = await conn
        .query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q}`)
        .catch((e: { code?: string; errno?: number }) => {
          if (e?.code === '42P01' || e?.errno === 1146) return undefined;
          throw e;
        });
      if (!counted) continue;
      count = Number(counted[0]?.n ?? 0);
    }
    tables.push({ name: r.name, rows: count, bytes, size: human(bytes) });
  }
  const totalBytes = tables.reduce((a, t) => a + t.bytes, 0);
  return { tables, totalBytes, totalSize: human(totalBytes) };
}
