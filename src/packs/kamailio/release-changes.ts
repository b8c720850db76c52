// What turns one Kamailio release's tables into the next's, derived from the two releases' table
// specs: tables created or dropped, columns added (in the place the create script puts them),
// dropped or changed, unique keys and indexes replaced, and the `version` rows that move. The
// engine flags what cannot keep rows (a dropped table or column holding data, a narrowed type)
// and stops without --allow-data-loss.

import type { DialectName } from '../../db/url.js';
import type { Ops } from '../../schema/operations.js';
import type { Column } from '../../schema/types.js';
import { createTables, type CreateOptions, type KeyNaming, type KeySpec, type TableSpec } from './table-spec.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const keyText = (k: KeySpec & { unique?: boolean }) => `${k.unique ? 'unique ' : ''}(${k.columns.join(', ')})`;

/** The op calls that turn `before` into `after` (tables by name; the `version` table is the version record's). */
export function changeOps(
  op: Ops,
  dialect: DialectName,
  before: readonly TableSpec[],
  after: readonly TableSpec[],
  naming: KeyNaming,
  o: CreateOptions,
): void {
  const name = naming[dialect];
  const old = new Map(before.map((t) => [t.name, t]));
  for (const t of before) if (!after.some((a) => a.name === t.name)) op.dropTable(t.name);
  for (const t of after) {
    const b = old.get(t.name);
    if (!b) {
      createTables(op, dialect, [t], naming, o);
      continue;
    }
    if (same(b, t)) continue;
    const index = (x: TableSpec) => new Map((x.indexes ?? []).map((i) => [i.name, i]));
    const unique = (x: TableSpec) => new Map((x.uniques ?? []).map((u) => [u.name, u]));
    const [bi, ai, bu, au] = [index(b), index(t), unique(b), unique(t)];
    // Keys first (they may name a column about to go), then columns, then the new keys.
    for (const [n, i] of bi) if (!same(i, ai.get(n))) op.dropIndex(name(t.name, n), t.name);
    for (const [n, u] of bu) if (!same(u, au.get(n))) op.dropConstraint(t.name, name(t.name, n), 'unique');
    for (const c of b.columns) if (!t.columns.some((x) => x.name === c.name)) op.dropColumn(t.name, c.name);
    t.columns.forEach((c, i) => {
      const was = b.columns.find((x) => x.name === c.name);
      const place = i > 0 ? { after: t.columns[i - 1]!.name } : { first: true };
      if (!was && c.primaryKey && o.plainRowidKey) {
        // SQLite: a new key is the plain rowid, as createTables makes it; added empty, then made the
        // key (the table's rebuild numbers the rows).
        const { primaryKey: _pk, autoIncrement: _ai, ...plain } = c;
        op.addColumn(t.name, { ...plain, nullable: true }, place);
        op.addPrimaryKey(t.name, [c.name]);
      } else if (!was) op.addColumn(t.name, c, place);
      else if (!same(was, c)) op.alterColumn(t.name, c.name, alterOf(was, c));
    });
    for (const [n, u] of au) if (!same(u, bu.get(n))) op.addUnique(t.name, u.columns, name(t.name, n));
    for (const [n, i] of ai)
      if (!same(i, bi.get(n))) op.createIndex(name(t.name, n), t.name, i.columns, i.unique ? { unique: true } : {});
  }
}

function alterOf(was: Column, c: Column) {
  return {
    type: c.type,
    nullable: c.nullable ?? true,
    default: c.default ?? null,
    existingType: was.type,
    existingNullable: was.nullable ?? true,
    ...(was.default ? { existingDefault: was.default } : {}),
  };
}

/** The `version` rows a step moves: table -> its new row, null for a table dropped. */
export function versionChanges(
  before: readonly TableSpec[],
  after: readonly TableSpec[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const t of before) if (!after.some((a) => a.name === t.name)) out[t.name] = null;
  for (const t of after) if (before.find((b) => b.name === t.name)?.version !== t.version) out[t.name] = t.version;
  return out;
}

/** One short line per changed table, for the migration's description (what `status` and the plan show). */
export function describeChanges(before: readonly TableSpec[], after: readonly TableSpec[]): string[] {
  const out: string[] = [];
  for (const t of before) if (!after.some((a) => a.name === t.name)) out.push(`drop ${t.name}`);
  for (const t of after) {
    const b = before.find((x) => x.name === t.name);
    if (!b) {
      out.push(`create ${t.name}`);
      continue;
    }
    if (same(b, t)) continue;
    const parts: string[] = [];
    const added = t.columns.filter((c) => !b.columns.some((x) => x.name === c.name)).map((c) => c.name);
    const dropped = b.columns.filter((c) => !t.columns.some((x) => x.name === c.name)).map((c) => c.name);
    const changed = t.columns.filter((c) => b.columns.some((x) => x.name === c.name && !same(x, c))).map((c) => c.name);
    if (added.length) parts.push(`+${added.join(' +')}`);
    if (dropped.length) parts.push(`-${dropped.join(' -')}`);
    if (changed.length) parts.push(`~${changed.join(' ~')}`);
    const keys = (x: TableSpec) =>
      [...(x.uniques ?? []).map((u) => ({ ...u, unique: true })), ...(x.indexes ?? [])].map(
        (k) => `${k.name} ${keyText(k)}`,
      );
    const [bk, ak] = [keys(b), keys(t)];
    const nameOf = (k: string) => k.split(' ')[0]!;
    const keyChanges = [
      ...ak
        .filter((k) => !bk.includes(k))
        .map((k) => `${bk.some((b) => nameOf(b) === nameOf(k)) ? '~' : '+'}key ${nameOf(k)}`),
      ...bk.filter((k) => !ak.some((a) => nameOf(a) === nameOf(k))).map((k) => `-key ${nameOf(k)}`),
    ];
    parts.push(...keyChanges);
    if (b.version !== t.version) parts.push(`version ${b.version}→${t.version}`);
    out.push(`${t.name} ${parts.join(' ')}`);
  }
  return out;
}
