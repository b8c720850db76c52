// Resume that knows what happened. A statement that commits by itself (MySQL DDL, CREATE INDEX
// CONCURRENTLY) cannot commit with its progress row: the runner records its intent first, and
// when a run stopped between the two, the next one asks the catalog whether the statement took
// effect — the table, column, index, constraint or view it creates or drops, read from its SQL —
// and skips it, re-runs it, or stops naming the object to look at.

import { VoipdbError } from '../core/errors.js';
import type { Connection } from '../db/connection.js';
import type { Dialect } from '../dialect/index.js';
import { introspect } from '../schema/introspect/index.js';
import type { Model } from '../schema/types.js';

/** What a statement does to one object of the catalog. */
export interface Effect {
  kind: 'table' | 'column' | 'index' | 'constraint' | 'view' | 'trigger' | 'enum';
  name: string;
  table?: string;
  /** The object exists after the statement (create) or no longer (drop). */
  exists: boolean;
}

/** The statement's effects; 'rerun' when running it twice does no harm; undefined when unknown. */
export type Effects = Effect[] | 'rerun' | undefined;

/** The admin's word on a statement the catalog cannot decide (`upgrade --in-flight`). */
export type InFlightChoice = 'applied' | 'rerun';

/** The text of the history row's error column while a statement is in flight. */
export const INTENT = 'in flight: statement ';

export function intentOf(error: string | null): number | undefined {
  return error?.startsWith(INTENT) ? Number(error.slice(INTENT.length)) : undefined;
}

const ID = String.raw`(?:"(?:[^"]|"")+"|\x60[^\x60]+\x60|\[[^\]]+\]|[\w$]+)`;
const QID = String.raw`(?:${ID}\s*\.\s*)?(${ID})`;

function ident(raw: string): string {
  const s = raw.trim();
  if (/^".*"$/s.test(s)) return s.slice(1, -1).replace(/""/g, '"');
  if (/^[`[].*[`\]]$/s.test(s)) return s.slice(1, -1);
  return s;
}

/** Names compare as the catalog folds them: PostgreSQL folds unquoted names to lower case. */
function same(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

function clean(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '');
}

/** Split on commas outside parentheses and quotes. */
function clauses(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function alterClause(table: string, c: string): Effect | 'rerun' | undefined {
  let m: RegExpExecArray | null;
  const r = (re: string) => new RegExp('^' + re, 'i').exec(c);
  if ((m = r(String.raw`ADD (?:CONSTRAINT (${ID}) )`)))
    return { kind: 'constraint', name: ident(m[1]!), table, exists: true };
  if ((m = r(String.raw`ADD (?:UNIQUE |FULLTEXT |SPATIAL )?(?:INDEX|KEY) (?:IF NOT EXISTS )?(${ID})`)))
    return { kind: 'index', name: ident(m[1]!), table, exists: true };
  if (r(String.raw`ADD (?:PRIMARY|UNIQUE|FOREIGN|CHECK|INDEX|KEY|FULLTEXT|SPATIAL)\b`)) return undefined;
  if ((m = r(String.raw`ADD (?:COLUMN )?(?:IF NOT EXISTS )?(${ID})`)))
    return { kind: 'column', name: ident(m[1]!), table, exists: true };
  if ((m = r(String.raw`DROP (?:CONSTRAINT|FOREIGN KEY|CHECK) (?:IF EXISTS )?(${ID})`)))
    return { kind: 'constraint', name: ident(m[1]!), table, exists: false };
  if ((m = r(String.raw`DROP (?:INDEX|KEY) (?:IF EXISTS )?(${ID})`)))
    return { kind: 'index', name: ident(m[1]!), table, exists: false };
  if (r(String.raw`DROP PRIMARY KEY`)) return undefined;
  if ((m = r(String.raw`DROP (?:COLUMN )?(?:IF EXISTS )?(${ID})`)))
    return { kind: 'column', name: ident(m[1]!), table, exists: false };
  if ((m = r(String.raw`RENAME (?:COLUMN )?(${ID}) TO (${ID})`)) && !/^RENAME (TO|AS) /i.test(c)) {
    return { kind: 'column', name: ident(m[2]!), table, exists: true };
  }
  if ((m = r(String.raw`CHANGE (?:COLUMN )?(${ID}) (${ID})`)))
    return same(ident(m[1]!), ident(m[2]!)) ? 'rerun' : { kind: 'column', name: ident(m[2]!), table, exists: true };
  // Setting a type, a default, NULL-ness or an option again gives the same result.
  if (r(String.raw`(MODIFY|ALTER|ENGINE|DEFAULT CHARSET|CHARACTER SET|CONVERT TO|COMMENT|AUTO_INCREMENT|ROW_FORMAT)\b`))
    return 'rerun';
  return undefined;
}

/** What a statement creates or drops, from its SQL text. */
export function effectsOf(sql: string): Effects {
  const s = clean(sql);
  let m: RegExpExecArray | null;
  const r = (re: string) => new RegExp('^' + re, 'i').exec(s);
  if (
    r(String.raw`CREATE (?:OR REPLACE |(?:\w+ )*?IF NOT EXISTS )`) ||
    r(String.raw`CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?IF NOT EXISTS`)
  ) {
    // Idempotent, except an INVALID index of that name (the runner drops it first).
    if ((m = r(String.raw`CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?IF NOT EXISTS (${ID})`)))
      return [{ kind: 'index', name: ident(m[1]!), exists: true }];
    return 'rerun';
  }
  if (r(String.raw`DROP \w+(?: \w+)? (?:CONCURRENTLY )?IF EXISTS`)) return 'rerun';
  if ((m = r(String.raw`CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(${ID}) ON (?:ONLY )?${QID}`)))
    return [{ kind: 'index', name: ident(m[1]!), table: ident(m[2]!), exists: true }];
  if ((m = r(String.raw`DROP INDEX (?:CONCURRENTLY )?${QID}(?: ON ${QID})?$`)))
    return [{ kind: 'index', name: ident(m[1]!), table: m[2] ? ident(m[2]) : undefined, exists: false }];
  if ((m = r(String.raw`CREATE (?:TEMP(?:ORARY)? |UNLOGGED )?TABLE ${QID}`)))
    return [{ kind: 'table', name: ident(m[1]!), exists: true }];
  if ((m = r(String.raw`DROP TABLE (.+?)(?: CASCADE| RESTRICT)?$`))) {
    return clauses(m[1]!).map((t) => ({ kind: 'table' as const, name: ident(t.split('.').pop()!), exists: false }));
  }
  if ((m = r(String.raw`CREATE (?:\w+ )*?VIEW ${QID}`))) return [{ kind: 'view', name: ident(m[1]!), exists: true }];
  if ((m = r(String.raw`DROP VIEW ${QID}`))) return [{ kind: 'view', name: ident(m[1]!), exists: false }];
  if ((m = r(String.raw`CREATE TRIGGER ${QID}`))) return [{ kind: 'trigger', name: ident(m[1]!), exists: true }];
  if ((m = r(String.raw`DROP TRIGGER ${QID}`))) return [{ kind: 'trigger', name: ident(m[1]!), exists: false }];
  if ((m = r(String.raw`CREATE TYPE ${QID} AS ENUM`))) return [{ kind: 'enum', name: ident(m[1]!), exists: true }];
  if ((m = r(String.raw`DROP TYPE ${QID}`))) return [{ kind: 'enum', name: ident(m[1]!), exists: false }];
  if (
    (m = r(String.raw`RENAME TABLE ${QID} TO ${QID}$`)) ||
    (m = r(String.raw`ALTER TABLE ${QID} RENAME (?:TO|AS) ${QID}$`))
  ) {
    return [
      { kind: 'table', name: ident(m[1]!), exists: false },
      { kind: 'table', name: ident(m[2]!), exists: true },
    ];
  }
  if ((m = r(String.raw`ALTER TABLE (?:ONLY )?(?:IF EXISTS )?${QID} (.+)$`))) {
    const table = ident(m[1]!);
    const out: Effect[] = [];
    for (const c of clauses(m[2]!)) {
      const e = alterClause(table, c);
      if (e === undefined) return undefined;
      if (e !== 'rerun') out.push(e);
    }
    return out.length ? out : 'rerun';
  }
  return undefined;
}

function present(model: Model, e: Effect): boolean {
  const table = e.table ? Object.values(model.tables).find((t) => same(t.name, e.table!)) : undefined;
  switch (e.kind) {
    case 'table':
      return Object.keys(model.tables).some((t) => same(t, e.name));
    case 'view':
      return Object.keys(model.views).some((t) => same(t, e.name));
    case 'trigger':
      return Object.keys(model.triggers).some((t) => same(t, e.name));
    case 'enum':
      return Object.keys(model.enums).some((t) => same(t, e.name));
    case 'column':
      return !!table?.columns.some((c) => same(c.name, e.name));
    case 'index': {
      const inTable = (t: (typeof model.tables)[string]) =>
        t.uniques.some((u) => same(u.name ?? '', e.name)) ||
        (t.primaryKey?.name !== undefined && same(t.primaryKey.name, e.name));
      return (
        Object.values(model.indexes).some((i) => same(i.name, e.name) && (!e.table || same(i.table, e.table))) ||
        (table ? inTable(table) : Object.values(model.tables).some(inTable))
      );
    }
    case 'constraint': {
      const t = table ? [table] : Object.values(model.tables);
      return t.some(
        (x) =>
          same(x.primaryKey?.name ?? '', e.name) ||
          x.uniques.some((u) => same(u.name ?? '', e.name)) ||
          x.foreignKeys.some((f) => same(f.name ?? '', e.name)) ||
          x.checks.some((k) => same(k.name ?? '', e.name)) ||
          Object.values(model.indexes).some((i) => same(i.name, e.name)),
      );
    }
  }
}

export interface Decision {
  /** skip: it took effect; run: it did not (or may run again); */
  action: 'skip' | 'run';
  /** An INVALID index of the statement's to drop before it runs again. */
  dropFirst?: string;
  /** Said to the admin. */
  reason: string;
}

/** The object a statement is about, for messages. */
function describe(e: Effect): string {
  return `${e.kind} ${e.table && e.kind !== 'table' ? `${e.table}.` : ''}${e.name}`;
}

/**
 * Decide what to do with a statement that was in flight when a run stopped (or failed with its
 * object already there), from the catalog. Throws when the catalog cannot tell.
 */
export async function decide(
  conn: Connection,
  dialect: Dialect,
  sql: string,
  where: { what: string; index: number; total: number; set: string; version: string },
  choice?: InFlightChoice,
): Promise<Decision> {
  const effects = effectsOf(sql);
  const invalid = await dialect.invalidIndexes(conn);
  const index = Array.isArray(effects) ? effects.find((e) => e.kind === 'index' && e.exists) : undefined;
  const dropFirst =
    index && invalid.some((n) => same(n, index.name)) ? invalid.find((n) => same(n, index.name)) : undefined;
  if (dropFirst)
    return { action: 'run', dropFirst, reason: `index ${dropFirst} was left INVALID: dropped and built again` };
  if (choice === 'applied') return { action: 'skip', reason: 'recorded as applied (--in-flight applied)' };
  if (choice === 'rerun') return { action: 'run', reason: 'run again (--in-flight rerun)' };
  if (effects === 'rerun') return { action: 'run', reason: 'it can run again safely' };
  if (effects?.length) {
    const model = await introspect(conn);
    const done = effects.map((e) => present(model, e) === e.exists);
    if (done.every(Boolean))
      return { action: 'skip', reason: `it took effect (${effects.map(describe).join(', ')} as it leaves it)` };
    if (!done.some(Boolean))
      return { action: 'run', reason: `it did not take effect (${effects.map(describe).join(', ')} as before it)` };
  }
  const object = effects?.length ? effects.map(describe).join(', ') : `what statement ${where.index + 1} changes`;
  throw new VoipdbError(
    'integrity',
    `${where.what}: statement ${where.index + 1} of ${where.total} was running when the last run stopped, and the database cannot tell whether it took effect`,
    {
      where: `set ${where.set}, version ${where.version}`,
      hint: `look at ${object}; then run voipdb upgrade --in-flight applied (it took effect) or voipdb upgrade --in-flight rerun (it did not)`,
      statement: where.index + 1,
    },
  );
}
