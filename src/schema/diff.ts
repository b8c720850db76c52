// Drift: the schema a database should have (the model its applied migrations build) against
// the one it has (introspection), compared in each dialect's normalised form (./normalize.ts).

import type { DialectName } from '../db/url.js';
import { dialectOf } from '../dialect/index.js';
import { customAutoIncrement, normalDefault, normalExpr, normalType } from './normalize.js';
import type { ForeignKey, Index, Model, Table } from './types.js';

export type DifferenceKind =
  | 'missing-table'
  | 'extra-table'
  | 'missing-column'
  | 'extra-column'
  | 'type'
  | 'nullability'
  | 'default'
  | 'missing-index'
  | 'extra-index'
  | 'index-definition'
  | 'missing-constraint'
  | 'extra-constraint'
  | 'constraint-definition'
  | 'missing-enum'
  | 'extra-enum'
  | 'enum-labels'
  | 'missing-view'
  | 'extra-view'
  | 'missing-trigger'
  | 'extra-trigger';

export interface Difference {
  kind: DifferenceKind;
  /** table, table.column, index, enum or view the difference is about. */
  object: string;
  expected?: string;
  actual?: string;
  /** One line for people: "column cdr.accountcode: type varchar(20), expected varchar(80)". */
  message: string;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (r: Record<string, unknown>) => Object.keys(r).sort(byName);

/** Unique keys the way the dialect stores them: on MySQL unique constraints and unique indexes are one thing. */
interface UniqueKey {
  name?: string;
  columns: string[];
}

export function diffModels(expected: Model, actual: Model, dialect: DialectName): Difference[] {
  const out: Difference[] = [];
  const add = (kind: DifferenceKind, object: string, message: string, exp?: string, act?: string) =>
    out.push({
      kind,
      object,
      message,
      ...(exp !== undefined ? { expected: exp } : {}),
      ...(act !== undefined ? { actual: act } : {}),
    });

  for (const name of sorted(expected.tables))
    if (!actual.tables[name]) add('missing-table', name, `table ${name}: missing`);
  for (const name of sorted(actual.tables))
    if (!expected.tables[name]) add('extra-table', name, `table ${name}: not expected (extra)`);

  for (const name of sorted(expected.tables)) {
    const e = expected.tables[name]!;
    const a = actual.tables[name];
    if (!a) continue;
    diffColumns(dialect, e, a, add);
    diffConstraints(dialect, e, a, add);
    diffIndexes(dialect, e, a, expected, actual, add);
  }

  if (dialectOf(dialect).schema.nativeEnums) {
    for (const name of sorted(expected.enums)) {
      const a = actual.enums[name];
      const ev = expected.enums[name]!.values.join(', ');
      if (!a) add('missing-enum', name, `enum ${name}: missing`, ev);
      else if (a.values.join(', ') !== ev)
        add(
          'enum-labels',
          name,
          `enum ${name}: labels (${a.values.join(', ')}), expected (${ev})`,
          ev,
          a.values.join(', '),
        );
    }
    for (const name of sorted(actual.enums))
      if (!expected.enums[name]) add('extra-enum', name, `enum ${name}: not expected (extra)`);
  }

  for (const name of sorted(expected.views))
    if (!actual.views[name]) add('missing-view', name, `view ${name}: missing`);
  for (const name of sorted(actual.views))
    if (!expected.views[name]) add('extra-view', name, `view ${name}: not expected (extra)`);

  // Triggers count only where the migration gave this dialect a body.
  for (const name of sorted(expected.triggers)) {
    const t = expected.triggers[name]!;
    if (t.sql[dialect] !== undefined && actual.tables[t.table] && !actual.triggers[name])
      add('missing-trigger', name, `trigger ${name} on ${t.table}: missing`);
  }
  for (const name of sorted(actual.triggers))
    if (!expected.triggers[name] && expected.tables[actual.triggers[name]!.table])
      add('extra-trigger', name, `trigger ${name}: not expected (extra)`);
  return out;
}

type Add = (kind: DifferenceKind, object: string, message: string, exp?: string, act?: string) => void;

function diffColumns(dialect: DialectName, e: Table, a: Table, add: Add): void {
  const pk = new Set(e.primaryKey?.columns ?? []);
  for (const ec of e.columns) {
    const ac = a.columns.find((c) => c.name === ec.name);
    const obj = `${e.name}.${ec.name}`;
    if (!ac) {
      add('missing-column', obj, `column ${obj}: missing`);
      continue;
    }
    // Where only the key can number itself, a model's auto-increment elsewhere is made a plain column.
    const keyOnly = dialectOf(dialect).schema.autoIncrementOnlyAsKey && !(pk.size === 1 && pk.has(ec.name));
    const eAuto = (!!ec.autoIncrement && !keyOnly) || customAutoIncrement(dialect, ec.type);
    const et = normalType(dialect, { ...ec, autoIncrement: eAuto });
    const at = normalType(dialect, { ...ac, autoIncrement: eAuto });
    if (et !== at) add('type', obj, `column ${obj}: type ${at}, expected ${et}`, et, at);
    const en = pk.has(ec.name) ? false : (ec.nullable ?? true);
    const an = ac.nullable ?? true;
    if (en !== an)
      add(
        'nullability',
        obj,
        `column ${obj}: ${an ? 'nullable' : 'NOT NULL'}, expected ${en ? 'nullable' : 'NOT NULL'}`,
        en ? 'NULL' : 'NOT NULL',
        an ? 'NULL' : 'NOT NULL',
      );
    if (eAuto !== !!ac.autoIncrement)
      add(
        'default',
        obj,
        `column ${obj}: ${ac.autoIncrement ? 'auto-increment' : 'not auto-increment'}, expected ${eAuto ? 'auto-increment' : 'none'}`,
      );
    const ed = normalDefault(dialect, { ...ec, autoIncrement: eAuto }, ec.default);
    const ad = normalDefault(dialect, { ...ec, autoIncrement: eAuto }, ac.default);
    if (ed !== ad)
      add(
        'default',
        obj,
        `column ${obj}: default ${ad ?? 'none'}, expected ${ed ?? 'none'}`,
        ed ?? 'none',
        ad ?? 'none',
      );
  }
  for (const ac of a.columns)
    if (!e.columns.some((c) => c.name === ac.name))
      add('extra-column', `${e.name}.${ac.name}`, `column ${e.name}.${ac.name}: not expected (extra)`);
}

const list = (c: string[]) => `(${c.join(', ')})`;
const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);

function fkText(dialect: DialectName, f: ForeignKey): string {
  const action = dialectOf(dialect).schema.referentialAction;
  return `${list(f.columns)} -> ${f.refTable}${list(f.refColumns)} ON DELETE ${action(f.onDelete)} ON UPDATE ${action(f.onUpdate)}`;
}

/** Where unique constraints are unique indexes, they are compared there. */
function uniqueKeys(dialect: DialectName, t: Table): UniqueKey[] {
  return dialectOf(dialect).schema.uniquesAreIndexes ? [] : t.uniques;
}

function diffConstraints(dialect: DialectName, e: Table, a: Table, add: Add): void {
  const ep = e.primaryKey?.columns ?? [];
  const ap = a.primaryKey?.columns ?? [];
  if (!same(ep, ap)) {
    if (ep.length && !ap.length) add('missing-constraint', e.name, `table ${e.name}: primary key ${list(ep)} missing`);
    else if (!ep.length)
      add('extra-constraint', e.name, `table ${e.name}: primary key ${list(ap)} not expected (extra)`);
    else
      add(
        'constraint-definition',
        e.name,
        `table ${e.name}: primary key ${list(ap)}, expected ${list(ep)}`,
        list(ep),
        list(ap),
      );
  }

  const au = [...uniqueKeys(dialect, a)];
  for (const u of uniqueKeys(dialect, e)) {
    const i = au.findIndex((x) => same(x.columns, u.columns));
    // PostgreSQL does not create a UNIQUE that repeats the primary key.
    if (i < 0 && same(u.columns, ep)) continue;
    if (i < 0)
      add(
        'missing-constraint',
        e.name,
        `table ${e.name}: unique ${u.name ? u.name + ' ' : ''}${list(u.columns)} missing`,
      );
    else au.splice(i, 1);
  }
  for (const u of au)
    add(
      'extra-constraint',
      e.name,
      `table ${e.name}: unique ${u.name ? u.name + ' ' : ''}${list(u.columns)} not expected (extra)`,
    );

  const af = [...a.foreignKeys];
  for (const f of e.foreignKeys) {
    const i = af.findIndex(
      (x) => same(x.columns, f.columns) && x.refTable === f.refTable && same(x.refColumns, f.refColumns),
    );
    if (i < 0) {
      add(
        'missing-constraint',
        e.name,
        `table ${e.name}: foreign key ${f.name ? f.name + ' ' : ''}${fkText(dialect, f)} missing`,
      );
      continue;
    }
    const [x] = af.splice(i, 1);
    if (fkText(dialect, x!) !== fkText(dialect, f))
      add(
        'constraint-definition',
        e.name,
        `table ${e.name}: foreign key ${fkText(dialect, x!)}, expected ${fkText(dialect, f)}`,
        fkText(dialect, f),
        fkText(dialect, x!),
      );
  }
  for (const f of af)
    add(
      'extra-constraint',
      e.name,
      `table ${e.name}: foreign key ${f.name ? f.name + ' ' : ''}${fkText(dialect, f)} not expected (extra)`,
    );

  // Checks: named ones by name, unnamed ones by expression, then any left over pair up.
  const ac = [...a.checks];
  const unmatched = [];
  for (const c of e.checks) {
    let i = c.name ? ac.findIndex((x) => x.name === c.name) : -1;
    if (i < 0) i = ac.findIndex((x) => normalExpr(x.expression) === normalExpr(c.expression));
    if (i < 0) unmatched.push(c);
    else ac.splice(i, 1);
  }
  // Non-native enums are CHECKs the server names itself (PostgreSQL), not model checks.
  const enumCols = e.columns.filter((c) => c.type.kind === 'enum' && c.type.native === false).map((c) => c.name);
  const rest = ac.filter((x) => !enumCols.some((col) => normalExpr(x.expression).includes(col)));
  for (const c of unmatched) {
    if (!c.name && rest.length) rest.shift();
    else
      add(
        'missing-constraint',
        e.name,
        `table ${e.name}: check ${c.name ? c.name + ' ' : ''}(${c.expression}) missing`,
      );
  }
  for (const c of rest)
    add(
      'extra-constraint',
      e.name,
      `table ${e.name}: check ${c.name ? c.name + ' ' : ''}(${c.expression}) not expected (extra)`,
    );
}

function indexText(dialect: DialectName, i: Index): string {
  const q = dialectOf(dialect).schema;
  const cols = i.columns.map((c) => (q.indexPrefixLengths && i.lengths?.[c] ? `${c}(${i.lengths[c]})` : c));
  const where = q.partialIndexes && i.where ? ` WHERE ${normalExpr(i.where)}` : '';
  const using = q.indexMethods && i.using && i.using !== 'btree' ? ` USING ${i.using}` : '';
  return `${i.unique ? 'UNIQUE ' : ''}${list(cols)}${using}${where}`;
}

function diffIndexes(dialect: DialectName, e: Table, a: Table, expected: Model, actual: Model, add: Add): void {
  const ei = Object.values(expected.indexes).filter((i) => i.table === e.name);
  const ai = Object.values(actual.indexes).filter((i) => i.table === a.name);
  const q = dialectOf(dialect).schema;
  if (q.uniquesAreIndexes) {
    // Unique constraints live among the indexes; an unnamed one is named after its first column.
    for (const u of e.uniques)
      ei.push({ name: u.name ?? u.columns[0]!, table: e.name, columns: u.columns, unique: true });
  }
  const left = [...ai];
  for (const i of ei.sort((x, y) => byName(x.name, y.name))) {
    const k = left.findIndex((x) => x.name === i.name);
    if (k < 0) {
      add('missing-index', i.name, `index ${i.name} on ${e.name}${list(i.columns)}: missing`);
      continue;
    }
    const [x] = left.splice(k, 1);
    const et = indexText(dialect, i);
    const at = indexText(dialect, x!);
    if (et !== at) add('index-definition', i.name, `index ${i.name} on ${e.name}: ${at}, expected ${et}`, et, at);
  }
  for (const x of left) {
    // An index the server made for a foreign key that had none, named after the constraint.
    if (
      q.indexesForeignKeys &&
      [...a.foreignKeys, ...e.foreignKeys].some((f) => f.name === x.name || same(f.columns, x.columns))
    )
      continue;
    add('extra-index', x.name, `index ${x.name} on ${e.name}${list(x.columns)}: not expected (extra)`);
  }
}

/** One line per difference, for people. */
export function describeDifferences(diffs: Difference[]): string[] {
  return diffs.map((d) => d.message);
}
