// SQLite's answer to the ALTERs it lacks, as alembic's batch mode: create the new shape under a
// temporary name, copy the rows, drop the old table, rename, then recreate the table's indexes
// and triggers from the model. Plain statements, so they run inside the migration's transaction.
//
// With PRAGMA foreign_keys=ON (which cannot be switched off inside a transaction), dropping a
// table that other tables reference would delete (CASCADE) or refuse (RESTRICT) their rows. So
// the referencing tables, and theirs in turn, are held in TEMP copies, dropped first and
// recreated after with their rows, indexes and triggers.

import { VoipdbError } from '../../core/errors.js';
import { indexesOf } from '../apply.js';
import type { Model, Table } from '../types.js';
import {
  cols,
  createTableSql,
  pick,
  stmt,
  type DialectRenderer,
  type RenderContext,
  type Statement,
} from './common.js';

const TMP = '_voipdb_tmp_';
const HOLD = '_voipdb_hold_';

/** Tables that reference `table` through foreign keys, directly or not, parents before children. */
function referencingTables(model: Model, table: string): string[] {
  const order: string[] = [];
  const seen = new Set([table]);
  let frontier = [table];
  while (frontier.length) {
    const next: string[] = [];
    for (const t of Object.values(model.tables).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (seen.has(t.name)) continue;
      if (t.foreignKeys.some((f) => frontier.includes(f.refTable))) {
        seen.add(t.name);
        order.push(t.name);
        next.push(t.name);
      }
    }
    frontier = next;
  }
  return order;
}

function recreateDependents(d: DialectRenderer, model: Model, table: string): Statement[] {
  const out: Statement[] = [];
  for (const i of indexesOf(model, table)) {
    out.push(
      stmt(
        `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${d.q(i.name)} ON ${d.q(i.table)} (${cols(d, i.columns)})${i.where ? ` WHERE ${i.where}` : ''}`,
      ),
    );
  }
  for (const tr of Object.values(model.triggers)) {
    const s = tr.table === table ? pick(tr.sql, 'sqlite') : undefined;
    if (s !== undefined) out.push(stmt(s));
  }
  return out;
}

function inlinePk(t: Table): boolean {
  const pk = t.primaryKey;
  return !!pk && pk.columns.length === 1 && !!t.columns.find((c) => c.name === pk.columns[0])?.autoIncrement;
}

/** Rebuild `table` into its shape in ctx.after, keeping rows (columns present before and after), indexes and triggers. */
export function rebuildTable(d: DialectRenderer, ctx: RenderContext, table: string): Statement[] {
  const before = ctx.before.tables[table];
  const after = ctx.after.tables[table];
  if (!before || !after) {
    throw new VoipdbError(
      'usage',
      `SQLite must rebuild table "${table}" for this change, and the table is not in the schema model`,
      {
        hint: 'create the table with op.createTable in an earlier migration of the set',
      },
    );
  }
  const q = d.q;
  const tmp = TMP + table;
  const kept = after.columns.filter((c) => before.columns.some((b) => b.name === c.name)).map((c) => c.name);
  const dependents = referencingTables(ctx.after, table).filter((t) => ctx.before.tables[t]);
  const out: Statement[] = [stmt('PRAGMA defer_foreign_keys = ON')];

  for (const dep of dependents) out.push(stmt(`CREATE TEMP TABLE ${q(HOLD + dep)} AS SELECT * FROM ${q(dep)}`));
  for (const dep of [...dependents].reverse()) out.push(stmt(`DROP TABLE ${q(dep)}`));

  out.push(stmt(createTableSql(d, after, { name: tmp, inlinePk: inlinePk(after), selfRef: tmp })));
  out.push(stmt(`INSERT INTO ${q(tmp)} (${cols(d, kept)}) SELECT ${cols(d, kept)} FROM ${q(table)}`));
  out.push(stmt(`DROP TABLE ${q(table)}`));
  // legacy_alter_table: the rename must not re-check views and triggers that name the table
  // (they point at the old, dropped table until the rename completes).
  out.push(stmt('PRAGMA legacy_alter_table = ON'));
  out.push(stmt(`ALTER TABLE ${q(tmp)} RENAME TO ${q(table)}`));
  out.push(stmt('PRAGMA legacy_alter_table = OFF'));
  out.push(...recreateDependents(d, ctx.after, table));

  for (const dep of dependents) {
    const t = ctx.after.tables[dep]!;
    const names = t.columns.map((c) => c.name);
    out.push(stmt(createTableSql(d, t, { inlinePk: inlinePk(t) })));
    out.push(stmt(`INSERT INTO ${q(dep)} (${cols(d, names)}) SELECT ${cols(d, names)} FROM temp.${q(HOLD + dep)}`));
    out.push(stmt(`DROP TABLE temp.${q(HOLD + dep)}`));
    out.push(...recreateDependents(d, ctx.after, dep));
  }
  return out;
}
