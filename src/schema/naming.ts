// Before an operation is rendered it is resolved: constraints and indexes a migration left
// unnamed get names from the set's naming convention (alembic's naming_convention tokens),
// column shorthands (primaryKey/unique on a column) become table constraints, and a native
// enum a column uses is created first when the model does not have it yet (as alembic does).

import type { Operation } from './operations.js';
import type { Column, ColumnType, Model, NamingConvention } from './types.js';

export interface NameParts {
  table: string;
  columns: string[];
  refTable?: string;
  refColumns?: string[];
  name?: string;
}

/** Expand an alembic-style template: 'uq_%(table_name)s_%(column_0_name)s', 'ix_%(column_0_label)s'. */
export function expandTemplate(template: string, p: NameParts): string | undefined {
  let ok = true;
  const out = template.replace(/%\((\w+)\)s/g, (_, token: string) => {
    const v = tokenValue(token, p);
    if (v === undefined) ok = false;
    return v ?? '';
  });
  return ok ? out : undefined;
}

function tokenValue(token: string, p: NameParts): string | undefined {
  if (token === 'table_name') return p.table;
  if (token === 'constraint_name') return p.name;
  if (token === 'referred_table_name') return p.refTable;
  const m = /^(referred_)?column_(0_?N|\d+)_(name|label|key)$/.exec(token);
  if (!m) return undefined;
  const cols = m[1] ? (p.refColumns ?? []) : p.columns;
  const table = m[1] ? (p.refTable ?? '') : p.table;
  const part = m[3]!;
  const one = (c: string) => (part === 'label' ? `${table}_${c}` : c);
  if (m[2] === '0N') return cols.map(one).join('');
  if (m[2] === '0_N') return cols.map(one).join('_');
  const c = cols[Number(m[2])];
  return c === undefined ? undefined : one(c);
}

function named(
  naming: NamingConvention | undefined,
  kind: keyof NamingConvention,
  current: string | undefined,
  p: NameParts,
): string | undefined {
  const tpl = naming?.[kind];
  // A given name is kept, unless the template is built from it (alembic's %(constraint_name)s).
  if (current && !tpl?.includes('%(constraint_name)s')) return current;
  return (tpl ? expandTemplate(tpl, { ...p, name: current }) : undefined) ?? current;
}

function enumsUsed(types: (ColumnType | undefined)[], model: Model): Operation[] {
  const out: Operation[] = [];
  const seen = new Set<string>();
  for (const ty of types) {
    if (!ty || ty.kind !== 'enum' || ty.native === false) continue;
    if (model.enums[ty.name] || seen.has(ty.name)) continue;
    seen.add(ty.name);
    out.push({ op: 'createEnum', name: ty.name, values: [...ty.values] });
  }
  return out;
}

function plainColumn(c: Column): Column {
  const { primaryKey: _pk, unique: _u, ...rest } = c;
  return rest;
}

/** The operation as the renderers and the model see it: names filled in, shorthands expanded. */
export function resolveOperation(op: Operation, model: Model, naming?: NamingConvention): Operation[] {
  switch (op.op) {
    case 'createTable': {
      const table = op.table;
      const pkCols = op.primaryKey?.columns ?? op.columns.filter((c) => c.primaryKey).map((c) => c.name);
      const primaryKey = pkCols.length
        ? { name: named(naming, 'pk', op.primaryKey?.name, { table, columns: pkCols }), columns: pkCols }
        : undefined;
      const uniques = [
        ...(op.uniques ?? []),
        ...op.columns
          .filter((c) => c.unique)
          .map((c) => ({ name: undefined as string | undefined, columns: [c.name] })),
      ].map((u) => ({
        name: named(naming, 'uq', u.name, { table, columns: u.columns }),
        columns: u.columns,
      }));
      const foreignKeys = (op.foreignKeys ?? []).map((f) => ({
        ...f,
        name: named(naming, 'fk', f.name, {
          table,
          columns: f.columns,
          refTable: f.refTable,
          refColumns: f.refColumns,
        }),
      }));
      const checks = (op.checks ?? []).map((c) => ({
        ...c,
        name: named(naming, 'ck', c.name, { table, columns: [], name: c.name }),
      }));
      const columns = op.columns.map((c) => ({
        ...plainColumn(c),
        ...(pkCols.includes(c.name) ? { nullable: false } : {}),
      }));
      return [
        ...enumsUsed(
          op.columns.map((c) => c.type),
          model,
        ),
        { ...op, columns, primaryKey, uniques, foreignKeys, checks },
      ];
    }
    case 'addColumn': {
      const c = op.column;
      const out: Operation[] = [
        ...enumsUsed([c.type], model),
        {
          op: 'addColumn',
          table: op.table,
          column: { ...plainColumn(c), ...(c.primaryKey ? { nullable: false } : {}) },
          ...(op.after ? { after: op.after } : {}),
          ...(op.first ? { first: true } : {}),
        },
      ];
      if (c.primaryKey)
        out.push({
          op: 'addPrimaryKey',
          table: op.table,
          primaryKey: {
            name: named(naming, 'pk', undefined, { table: op.table, columns: [c.name] }),
            columns: [c.name],
          },
        });
      if (c.unique)
        out.push({
          op: 'addUnique',
          table: op.table,
          unique: { name: named(naming, 'uq', undefined, { table: op.table, columns: [c.name] }), columns: [c.name] },
        });
      return out;
    }
    case 'alterColumn':
      return [...enumsUsed([op.type], model), op];
    case 'createIndex': {
      const i = op.index;
      return [
        {
          ...op,
          index: {
            ...i,
            name:
              named(naming, 'ix', i.name || undefined, { table: i.table, columns: i.columns }) ??
              `ix_${i.table}_${i.columns.join('_')}`,
          },
        },
      ];
    }
    case 'addPrimaryKey':
      return [
        {
          ...op,
          primaryKey: {
            ...op.primaryKey,
            name: named(naming, 'pk', op.primaryKey.name, { table: op.table, columns: op.primaryKey.columns }),
          },
        },
      ];
    case 'addUnique':
      return [
        {
          ...op,
          unique: {
            ...op.unique,
            name: named(naming, 'uq', op.unique.name, { table: op.table, columns: op.unique.columns }),
          },
        },
      ];
    case 'addForeignKey': {
      const f = op.foreignKey;
      return [
        {
          ...op,
          foreignKey: {
            ...f,
            name: named(naming, 'fk', f.name, {
              table: op.table,
              columns: f.columns,
              refTable: f.refTable,
              refColumns: f.refColumns,
            }),
          },
        },
      ];
    }
    case 'addCheck':
      return [
        {
          ...op,
          check: {
            ...op.check,
            name: named(naming, 'ck', op.check.name, { table: op.table, columns: [], name: op.check.name }),
          },
        },
      ];
    case 'dropPrimaryKey':
      return [{ ...op, name: op.name ?? model.tables[op.table]?.primaryKey?.name }];
    default:
      return [op];
  }
}
