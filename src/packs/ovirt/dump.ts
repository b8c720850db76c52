// A PostgreSQL schema and its rows as SQL text, read from the catalogs (no pg_dump needed, works
// on PGlite): what a squash writes as the new base. Views, functions and triggers are left out —
// an oVirt tree recreates them from create_views.sql and *_sp.sql on every upgrade — and so are
// voipdb's own tables and schema_version, which the base seeds separately.

import type { Connection } from '../../db/connection.js';
import { isOwnTable } from '../../schema/own-table.js';

export interface SchemaDump {
  /** Types, sequences, tables, constraints, indexes, foreign keys: create_tables.sql. */
  ddl: string;
  /** Rows of every table (foreign-key order), sequence positions, and foreign keys in cycles. */
  data: string;
  tables: string[];
}

export interface DumpOptions {
  /** Tables whose rows are not dumped (their structure is). */
  skipData?: string[];
  /** voipdb tables whose rows belong to the application (created elsewhere): rows only. */
  rowsOnly?: string[];
}

const NS = `n.nspname = current_schema()`;

interface ColumnRow {
  table: string;
  name: string;
  type: string;
  notnull: boolean;
  def: string | null;
  identity: string;
  generated: string;
  collation: string | null;
}

export async function dumpSchema(conn: Connection, opts: DumpOptions = {}): Promise<SchemaDump> {
  const ddl: string[] = [];
  const data: string[] = [];
  const q = <R>(sql: string) => conn.query<R>(sql);

  // Enums, domains, then composite types (which may use them).
  for (const e of await q<{ name: string; labels: string }>(
    `SELECT format('%I', t.typname) AS name, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE ${NS} GROUP BY t.typname ORDER BY t.typname`,
  ))
    ddl.push(`CREATE TYPE ${e.name} AS ENUM (${e.labels});`);
  for (const d of await q<{ name: string; base: string; notnull: boolean; def: string | null; checks: string | null }>(
    `SELECT format('%I', t.typname) AS name, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull AS notnull, t.typdefault AS def,
            (SELECT string_agg(' CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), '' ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid) AS checks
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${NS} AND t.typtype = 'd' ORDER BY t.typname`,
  ))
    ddl.push(
      `CREATE DOMAIN ${d.name} AS ${d.base}${d.def ? ' DEFAULT ' + d.def : ''}${d.notnull ? ' NOT NULL' : ''}${d.checks ?? ''};`,
    );
  for (const c of await q<{ name: string; cols: string }>(
    `SELECT format('%I', t.relname) AS name,
            string_agg(format('    %I %s', a.attname, format_type(a.atttypid, a.atttypmod)), E',\\n' ORDER BY a.attnum) AS cols
       FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE ${NS} AND t.relkind = 'c' GROUP BY t.relname ORDER BY t.relname`,
  ))
    ddl.push(`CREATE TYPE ${c.name} AS (\n${c.cols}\n);`);

  // Sequences (ownership after the tables).
  const seqs = await q<{
    name: string;
    type: string;
    start: string;
    inc: string;
    min: string;
    max: string;
    cache: string;
    cycle: boolean;
    owner: string | null;
    last: string | null;
    called: boolean;
  }>(
    `SELECT format('%I', c.relname) AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start, s.seqincrement::text AS inc, s.seqmin::text AS min, s.seqmax::text AS max,
            s.seqcache::text AS cache, s.seqcycle AS cycle,
            (SELECT format('%I.%I', tc.relname, a.attname) FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0 LIMIT 1) AS owner,
            ps.last_value::text AS last, (ps.last_value IS NOT NULL) AS called
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid LEFT JOIN pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = c.relname
      WHERE ${NS} AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
      ORDER BY c.relname`,
  );
  const identitySeqs = new Set<string>();
  for (const s of seqs) {
    if (isOwnTable(s.name) || (s.owner && isOwnTable(s.owner))) continue;
    ddl.push(
      `CREATE SEQUENCE ${s.name} AS ${s.type} START WITH ${s.start} INCREMENT BY ${s.inc} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ''};`,
    );
  }

  // Tables.
  const tables = (
    await q<{ name: string; raw: string; persistence: string }>(
      `SELECT format('%I', c.relname) AS name, c.relname AS raw, c.relpersistence AS persistence FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${NS} AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
    )
  ).filter((t) => !isOwnTable(t.raw));
  const cols = await q<ColumnRow>(
    `SELECT c.relname AS table, format('%I', a.attname) AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            pg_get_expr(ad.adbin, ad.adrelid) AS def, a.attidentity AS identity, a.attgenerated AS generated,
            CASE WHEN a.attcollation <> t.typcollation THEN (SELECT format('%I', collname) FROM pg_collation WHERE oid = a.attcollation) END AS collation
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
      WHERE ${NS} AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum`,
  );
  const colsOf = new Map<string, ColumnRow[]>();
  for (const c of cols) colsOf.set(c.table, [...(colsOf.get(c.table) ?? []), c]);
  for (const t of tables) {
    const lines = (colsOf.get(t.raw) ?? []).map((c) => {
      let s = `    ${c.name} ${c.type}`;
      if (c.collation) s += ` COLLATE ${c.collation}`;
      if (c.generated === 's') s += ` GENERATED ALWAYS AS ${c.def} STORED`;
      else if (c.identity) {
        identitySeqs.add(`${t.raw}.${c.name}`);
        s += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
      } else if (c.def !== null) s += ` DEFAULT ${c.def}`;
      if (c.notnull) s += ' NOT NULL';
      return s;
    });
    ddl.push(`CREATE ${t.persistence === 'u' ? 'UNLOGGED ' : ''}TABLE ${t.name} (\n${lines.join(',\n')}\n);`);
  }
  for (const s of seqs)
    if (s.owner && !isOwnTable(s.name) && !isOwnTable(s.owner))
      ddl.push(`ALTER SEQUENCE ${s.name} OWNED BY ${s.owner};`);

  // Constraints: keys and checks with the tables; foreign keys once every table exists.
  const cons = await q<{ table: string; tname: string; name: string; type: string; def: string; ref: string | null }>(
    `SELECT c.relname AS table, format('%I', c.relname) AS tname, format('%I', k.conname) AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS def,
            (SELECT r.relname FROM pg_class r WHERE r.oid = k.confrelid) AS ref
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${NS} AND c.relkind IN ('r', 'p') AND k.contype IN ('p', 'u', 'c', 'x', 'f') AND k.conislocal
      ORDER BY c.relname, CASE k.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2 WHEN 'c' THEN 3 ELSE 4 END, k.conname`,
  );
  const kept = new Set(tables.map((t) => t.raw));
  for (const k of cons)
    if (k.type !== 'f' && kept.has(k.table)) ddl.push(`ALTER TABLE ONLY ${k.tname} ADD CONSTRAINT ${k.name} ${k.def};`);
  for (const i of await q<{ table: string; def: string }>(
    `SELECT c.relname AS table, pg_get_indexdef(ix.indexrelid) AS def FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${NS} AND c.relkind IN ('r', 'p') AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ix.indexrelid AND k.contype IN ('p', 'u', 'x'))
      ORDER BY c.relname, i.relname`,
  ))
    if (kept.has(i.table)) ddl.push(i.def.replace(/ ON (ONLY )?[\w"]+\.([\w"]+)/, ' ON $1$2') + ';');
  const comments = await q<{ sql: string }>(
    `SELECT format('COMMENT ON %s IS %L;', CASE WHEN d.objsubid = 0 THEN 'TABLE ' || format('%I', c.relname) ELSE 'COLUMN ' || format('%I.%I', c.relname, a.attname) END, d.description) AS sql
       FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
      WHERE ${NS} AND c.relkind IN ('r', 'p') ORDER BY c.relname, d.objsubid`,
  );

  // Rows in foreign-key order; foreign keys inside a cycle (or onto their own table) come after the rows.
  const fks = cons.filter((k) => k.type === 'f' && kept.has(k.table));
  const order = dependencyOrder(
    tables.map((t) => t.raw),
    fks.map((f) => ({ from: f.table, to: f.ref ?? '' })),
  );
  const late = new Set(
    fks.filter((f) => f.ref === f.table || order.cyclic.has(f.table)).map((f) => f.name + '@' + f.table),
  );
  for (const f of fks)
    if (!late.has(f.name + '@' + f.table)) ddl.push(`ALTER TABLE ONLY ${f.tname} ADD CONSTRAINT ${f.name} ${f.def};`);
  ddl.push(...comments.map((c) => c.sql));

  const skip = new Set(['schema_version', ...(opts.skipData ?? [])]);
  const dumped = tables.map((t) => t.raw);
  const rowsOnly = (opts.rowsOnly ?? []).filter((r) => cols.some((c) => c.table === r));
  for (const raw of rowsOnly) order.tables.push(raw);
  for (const raw of rowsOnly)
    if (!tables.some((t) => t.raw === raw)) tables.push({ name: `"${raw}"`, raw, persistence: 'p' });
  for (const raw of order.tables) {
    if (skip.has(raw)) continue;
    const list = (colsOf.get(raw) ?? []).filter((c) => c.generated !== 's');
    if (!list.length) continue;
    const name = tables.find((t) => t.raw === raw)!.name;
    // chained ||, not concat_ws: a function takes at most 100 arguments and some tables have more columns
    const values = list.map((c) => `quote_nullable(${c.name})`).join(` || ', ' || `);
    // rows in primary-key order, so the same database always dumps the same text
    const pk = /^PRIMARY KEY \((.*)\)$/.exec(cons.find((k) => k.table === raw && k.type === 'p')?.def ?? '')?.[1];
    const rows = await q<{ v: string }>(
      `SELECT '(' || ${values} || ')' AS v FROM ${name}${pk ? ` ORDER BY ${pk}` : ''}`,
    );
    const overriding = list.some((c) => c.identity === 'a') ? ' OVERRIDING SYSTEM VALUE' : '';
    for (let i = 0; i < rows.length; i += 500) {
      data.push(
        `INSERT INTO ${name} (${list.map((c) => c.name).join(', ')})${overriding} VALUES\n${rows
          .slice(i, i + 500)
          .map((r) => r.v)
          .join(',\n')};`,
      );
    }
  }
  for (const s of seqs) {
    if (isOwnTable(s.name) || (s.owner && isOwnTable(s.owner)) || s.name === 'schema_version_seq') continue;
    if (s.last !== null) data.push(`SELECT setval('${s.name.replace(/'/g, "''")}', ${s.last}, true);`);
  }
  for (const f of fks)
    if (late.has(f.name + '@' + f.table)) data.push(`ALTER TABLE ONLY ${f.tname} ADD CONSTRAINT ${f.name} ${f.def};`);

  return { ddl: ddl.join('\n\n') + '\n', data: data.join('\n\n') + '\n', tables: dumped };
}

/** Tables ordered so that a table comes after those it references; tables in a reference cycle are flagged. */
export function dependencyOrder(
  tables: string[],
  refs: { from: string; to: string }[],
): { tables: string[]; cyclic: Set<string> } {
  const deps = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of refs) if (r.from !== r.to && deps.has(r.to)) deps.get(r.from)?.add(r.to);
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const cyclic = new Set<string>();
  const visit = (t: string, path: string[]) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') {
      for (const p of path.slice(path.indexOf(t))) cyclic.add(p);
      return;
    }
    state.set(t, 'visiting');
    for (const d of [...deps.get(t)!].sort()) visit(d, [...path, t]);
    state.set(t, 'done');
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t, []);
  return { tables: out, cyclic };
}
