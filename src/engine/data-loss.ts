// The Asterisk document warns that jumping release series can lose data. A step that drops a
// table or column holding rows, or narrows a type, is flagged before anything runs.

import type { Connection } from '../db/connection.js';
import type { Dialect } from '../dialect/index.js';
import type { Operation } from '../schema/operations.js';
import type { ColumnType, Model } from '../schema/types.js';
import type { RenderedBody } from './render.js';

export interface DataLossRisk {
  table: string;
  what: string;
}

function width(t: ColumnType | undefined): number | undefined {
  if (!t) return undefined;
  if (t.kind === 'string' || t.kind === 'char') return t.length;
  if (t.kind === 'numeric') return t.precision;
  return undefined;
}

/** Risks a body carries, before knowing whether the tables hold rows. */
export function risksOf(body: RenderedBody, model: Model): DataLossRisk[] {
  const out: DataLossRisk[] = [];
  if (body.ops) {
    for (const o of body.ops as Operation[]) {
      if (o.op === 'dropTable') out.push({ table: o.table, what: `drops table ${o.table}` });
      else if (o.op === 'dropColumn') out.push({ table: o.table, what: `drops column ${o.table}.${o.column}` });
      else if (o.op === 'alterColumn' && o.type) {
        const before = model.tables[o.table]?.columns.find((c) => c.name === o.column)?.type ?? o.existingType;
        const a = width(before);
        const b = width(o.type);
        if (a !== undefined && b !== undefined && b < a) out.push({ table: o.table, what: `narrows ${o.table}.${o.column} from ${a} to ${b}` });
      }
    }
    return out;
  }
  for (const s of body.statements) {
    let m = /^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?["`]?([\w.]+)["`]?/i.exec(s.sql);
    if (m) out.push({ table: m[1]!, what: `drops table ${m[1]}` });
    m = /^\s*ALTER\s+TABLE\s+["`]?([\w.]+)["`]?\s+DROP\s+(?:COLUMN\s+)?(?!CONSTRAINT|INDEX|PRIMARY|FOREIGN|KEY|CHECK)["`]?(\w+)/i.exec(s.sql);
    if (m) out.push({ table: m[1]!, what: `drops column ${m[1]}.${m[2]}` });
  }
  return out;
}

/** Keep the risks whose table holds rows. */
export async function risksWithRows(conn: Connection, dialect: Dialect, risks: DataLossRisk[]): Promise<DataLossRisk[]> {
  const out: DataLossRisk[] = [];
  const hasRows = new Map<string, boolean>();
  for (const r of risks) {
    if (!hasRows.has(r.table)) {
      let rows = false;
      if (await dialect.tableExists(conn, r.table)) {
        const found = await conn.query(`SELECT 1 AS x FROM ${dialect.quote(r.table)} LIMIT 1`).catch(() => []);
        rows = found.length > 0;
      }
      hasRows.set(r.table, rows);
    }
    if (hasRows.get(r.table)) out.push(r);
  }
  return out;
}
