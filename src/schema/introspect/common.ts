// Shared by the introspectors: which tables to read, and turning a default as the server
// reports it into the model's DefaultValue.

import type { DefaultValue, Model } from '../types.js';
import { isOwnTable } from '../own-table.js';

export interface IntrospectOptions {
  /** Only these tables (voipdb's own tables included when named). */
  tables?: string[];
  /** Leave these tables out. */
  exclude?: string[];
}

/** voipdb's own tables (voipdb_history...) and rebuild leftovers are skipped unless asked for. */
export function wanted(name: string, opts: IntrospectOptions): boolean {
  if (opts.tables) return opts.tables.includes(name);
  if (opts.exclude?.includes(name)) return false;
  return !isOwnTable(name);
}

/** A default read back from a server: literals become values, anything else stays an expression. */
export function defaultFromSql(raw: string | null | undefined): DefaultValue | undefined {
  if (raw === null || raw === undefined) return undefined;
  let s = raw.trim();
  if (/^null$/i.test(s)) return undefined;
  // PostgreSQL casts: 'yes'::yes_no_values, NULL::character varying, (0)::smallint
  const cast = /^(.*?)(::[\w ."[\]]+(\(\d+(,\s*\d+)?\))?)+$/s.exec(s);
  if (cast && !/^'.*[^']$/s.test(cast[1]!)) s = cast[1]!.trim();
  while (/^\((.*)\)$/s.test(s) && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  if (/^null$/i.test(s)) return undefined;
  const str = /^'((?:[^']|'')*)'$/s.exec(s);
  if (str) return { value: str[1]!.replace(/''/g, "'") };
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s)) return { value: Number(s) };
  if (/^(true|false)$/i.test(s)) return { value: s.toLowerCase() === 'true' };
  return { expr: s };
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

export function sortModel(m: Model): Model {
  const sortRec = <T>(r: Record<string, T>) =>
    Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    tables: sortRec(m.tables),
    indexes: sortRec(m.indexes),
    enums: sortRec(m.enums),
    views: sortRec(m.views),
    triggers: sortRec(m.triggers),
    functions: sortRec(m.functions),
  };
}

/** Remove one level of identifier quotes ("end", `end`). */
export function unquote(id: string): string {
  const m = /^(["`])(.*)\1$/s.exec(id.trim());
  return m ? m[2]!.split(m[1]! + m[1]!).join(m[1]!) : id.trim();
}

export type ReferentialActionName = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';
