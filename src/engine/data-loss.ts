// The Asterisk document warns that jumping release series can lose data. A step that drops a
// table or column holding rows, or narrows a type, is flagged before anything runs.

import type { Connection } from '../db/connection.js';
import type { Dialect } from '../dialect/index.js';
import type { Operation } from '../schema/operations.js';
import type { ColumnType, Model } from '../schema/types.js';
import type { Statement } from '../schema/render/index.js';
import type { RenderedBody } from './render.js';

export interface DataLossRisk {
  table: string;
  what: string;
  /** A dropped column: a risk only when some row has a value in it. */
  column?: string;
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
      else if (o.op === 'dropColumn')
        out.push({ table: o.table, what: `drops column ${o.table}.${o.column}`, column: o.column });
      else if (o.op === 'alterColumn' && o.type) {
        const before = model.tables[o.table]?.columns.find((c) => c.name === o.column)?.type ?? o.existingType;
        const a = width(before);
        const b = width(o.type);
        if (a !== undefined && b !== undefined && b < a)
          out.push({ table: o.table, what: `narrows ${o.table}.${o.column} from ${a} to ${b}` });
      }
    }
    return out;
  }
  for (const s of body.statements) {
    let m = /^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?["`]?([\w.]+)["`]?/i.exec(s.sql);
    if (m) out.push({ table: m[1]!, what: `drops table ${m[1]}` });
    m =
      /^\s*ALTER\s+TABLE\s+["`]?([\w.]+)["`]?\s+DROP\s+(?:COLUMN\s+)?(?!CONSTRAINT|INDEX|PRIMARY|FOREIGN|KEY|CHECK)["`]?(\w+)/i.exec(
        s.sql,
      );
    if (m) out.push({ table: m[1]!, what: `drops column ${m[1]}.${m[2]}` });
  }
  return out;
}

/** Keep the risks whose table holds rows (for a dropped column: rows with a value in it; a column of NULLs loses nothing). */
export async function risksWithRows(
  conn: Connection,
  dialect: Dialect,
  risks: DataLossRisk[],
): Promise<DataLossRisk[]> {
  const out: DataLossRisk[] = [];
  const hasRows = new Map<string, boolean>();
  for (const r of risks) {
    if (r.column && (await dialect.tableExists(conn, r.table))) {
      const q = `SELECT 1 AS x FROM ${dialect.quote(r.table)} WHERE ${dialect.quote(r.column)} IS NOT NULL LIMIT 1`;
      // A column the plan itself adds before it drops it is not there yet: judge by the table's rows.
      const any = `SELECT 1 AS x FROM ${dialect.quote(r.table)} LIMIT 1`;
      const found = await conn.query(q).catch(() => conn.query(any).catch(() => [{ x: 1 }]));
      if (found.length > 0) out.push(r);
      continue;
    }
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

/** A column a SQL statement gives a new type: ALTER COLUMN ... TYPE (PostgreSQL), MODIFY / CHANGE (MySQL). */
interface Retype {
  table: string;
  column: string;
  type: string;
}

const NAME = '["`]?([\\w.]+)["`]?';
const TYPE =
  '(enum\\s*\\([^)]*\\)|[\\w ]+?(?:\\s*\\(\\s*\\d+\\s*(?:,\\s*\\d+\\s*)?\\))?(?:\\s+unsigned)?)(?=\\s*(?:$|,|;|\\bUSING\\b|\\bNOT\\b|\\bNULL\\b|\\bDEFAULT\\b|\\bCOLLATE\\b|\\bCHARACTER\\b|\\bAFTER\\b|\\bFIRST\\b|\\bCOMMENT\\b|\\bAUTO_INCREMENT\\b))';

/** Columns re-typed by SQL text, found by pattern: what the live column holds is compared afterwards. */
export function retypesIn(statements: Statement[]): Retype[] {
  const out: Retype[] = [];
  for (const s of statements) {
    const sql = s.sql.replace(/^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
    const alter = new RegExp(`^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?${NAME}\\s+([\\s\\S]*)$`, 'i').exec(
      sql,
    );
    if (!alter) continue;
    const table = alter[1]!.split('.').pop()!;
    const rest = alter[2]!;
    const clauses: [RegExp, number, number][] = [
      [new RegExp(`\\bALTER\\s+(?:COLUMN\\s+)?${NAME}\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+${TYPE}`, 'gi'), 1, 2],
      [new RegExp(`\\bMODIFY\\s+(?:COLUMN\\s+)?${NAME}\\s+${TYPE}`, 'gi'), 1, 2],
      [new RegExp(`\\bCHANGE\\s+(?:COLUMN\\s+)?${NAME}\\s+${NAME}\\s+${TYPE}`, 'gi'), 1, 3],
    ];
    for (const [re, col, type] of clauses)
      for (const m of rest.matchAll(re)) out.push({ table, column: m[col]!, type: m[type]!.trim() });
  }
  return out;
}

/** Enum types a script creates, by name (CREATE TYPE x AS ENUM (...)): the new labels of a replaced enum. */
function enumsCreatedIn(statements: Statement[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of statements) {
    const m = /CREATE\s+TYPE\s+["`]?([\w.]+)["`]?\s+AS\s+ENUM\s*\(([^)]*)\)/i.exec(s.sql);
    if (m)
      out.set(
        m[1]!.split('.').pop()!,
        [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1]!.replace(/''/g, "'")),
      );
  }
  return out;
}

const INT_BYTES: Record<string, number> = { tinyint: 1, smallint: 2, integer: 4, bigint: 8 };

/** How `after` loses values `before` holds, in words; undefined when it does not narrow. */
export function narrowing(before: ColumnType, after: ColumnType): string | undefined {
  const bi = INT_BYTES[before.kind];
  const ai = INT_BYTES[after.kind];
  if (bi !== undefined && ai !== undefined && ai < bi) return `from ${before.kind} to ${after.kind}`;
  if (['numeric', 'real', 'double', 'float'].includes(before.kind) && ai !== undefined)
    return `from ${before.kind} to ${after.kind}`;
  const len = (t: ColumnType) =>
    t.kind === 'string' || t.kind === 'char' ? (t.length ?? Infinity) : t.kind === 'text' ? Infinity : undefined;
  const bl = len(before);
  const al = len(after);
  if (bl !== undefined && al !== undefined && al < bl)
    return `from ${bl === Infinity ? 'unbounded' : bl} to ${al} characters`;
  if (before.kind === 'numeric' && after.kind === 'numeric') {
    if ((after.precision ?? Infinity) < (before.precision ?? Infinity) || (after.scale ?? 0) < (before.scale ?? 0)) {
      return `from numeric(${before.precision ?? ''},${before.scale ?? 0}) to numeric(${after.precision},${after.scale ?? 0})`;
    }
  }
  if (before.kind === 'enum' && after.kind === 'enum') {
    const gone = before.values.filter((v) => !after.values.includes(v));
    if (gone.length) return `removing enum label(s) ${gone.map((v) => `'${v}'`).join(', ')}`;
  }
  return undefined;
}

/**
 * SQL text that re-types a column, judged against the live column: narrowing an integer, a
 * length, a precision, or dropping enum labels. Only tables that exist are read.
 */
export async function sqlTextRisks(conn: Connection, statements: Statement[]): Promise<DataLossRisk[]> {
  const retypes = retypesIn(statements);
  if (!retypes.length) return [];
  const { introspect, parseType } = await import('../schema/introspect/index.js');
  const live = await introspect(conn, { tables: [...new Set(retypes.map((r) => r.table))] });
  const created = enumsCreatedIn(statements);
  const out: DataLossRisk[] = [];
  for (const r of retypes) {
    const before = live.tables[r.table]?.columns.find((c) => c.name === r.column)?.type;
    if (!before) continue;
    const spelled = r.type.replace(/^enum\b/i, 'enum');
    let after = parseType[conn.dialect](spelled);
    if (after.kind === 'custom') {
      // a named enum type: made by this script, or already in the database
      const name = r.type.replace(/["`]/g, '').split('.').pop()!;
      const values = created.get(name) ?? live.enums[name]?.values;
      if (values) after = { kind: 'enum', name, values };
    }
    const how = narrowing(before, after);
    if (how) out.push({ table: r.table, what: `narrows ${r.table}.${r.column} ${how}` });
  }
  return out;
}
