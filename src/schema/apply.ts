// The model after an operation: pure, no SQL. Renderers use it to know the shape of a table
// after a change (SQLite rebuilds, MySQL MODIFY), and the engine threads it through a set.
// Operations on things the model does not know (made by raw SQL) leave the model as it is.

import type { Operation } from './operations.js';
import type { Column, ColumnType, Index, Model, Table } from './types.js';

export function cloneModel(m: Model): Model {
  return structuredClone(m);
}

/** The model key of index `name` on `table` (MySQL index names are per table, so keys may be `table.name`). */
export function findIndexKey(model: Model, name: string, table?: string): string | undefined {
  const direct = model.indexes[name];
  if (direct && (!table || direct.table === table)) return name;
  for (const [k, i] of Object.entries(model.indexes)) if (i.name === name && (!table || i.table === table)) return k;
  return undefined;
}

export function indexesOf(model: Model, table: string): Index[] {
  return Object.values(model.indexes).filter((i) => i.table === table);
}

function renameIn(list: string[], from: string, to: string): string[] {
  return list.map((c) => (c === from ? to : c));
}

function removeColumnFromTable(t: Table, column: string): void {
  t.columns = t.columns.filter((c) => c.name !== column);
  if (t.primaryKey?.columns.includes(column)) {
    t.primaryKey.columns = t.primaryKey.columns.filter((c) => c !== column);
    if (!t.primaryKey.columns.length) delete t.primaryKey;
  }
  t.uniques = t.uniques.filter((u) => !u.columns.includes(column));
  t.foreignKeys = t.foreignKeys.filter((f) => !f.columns.includes(column));
}

function setEnumType(type: ColumnType, name: string, newName: string, values: string[]): ColumnType {
  return type.kind === 'enum' && type.name === name ? { ...type, name: newName, values: [...values] } : type;
}

/**
 * A table's copy deep enough for applyOperation, which replaces a column's type and default and
 * a constraint's column lists but never changes them in place (structuredClone took most of
 * `check`'s time on Asterisk's config: ps_endpoints has over 100 columns and as many changes).
 */
function cloneTable(t: Table): Table {
  const c: Table = {
    ...t,
    columns: t.columns.map((x) => ({ ...x })),
    uniques: t.uniques.map((x) => ({ ...x })),
    foreignKeys: t.foreignKeys.map((x) => ({ ...x })),
    checks: t.checks.map((x) => ({ ...x })),
  };
  if (t.primaryKey) c.primaryKey = { ...t.primaryKey };
  return c;
}

/**
 * Copy-on-write: the maps are copied, and only the tables the operation changes are cloned
 * (a set of 131 revisions otherwise spends most of its rendering time cloning the model).
 * Renames reach into other tables' keys and indexes: they clone everything.
 */
function copyFor(model: Model, op: Operation): Model {
  if (op.op === 'renameTable' || op.op === 'renameColumn') return cloneModel(model);
  const tables = { ...model.tables };
  const touched =
    op.op === 'replaceEnum'
      ? op.columns.map((c) => c.table)
      : 'table' in op && typeof op.table === 'string'
        ? [op.table]
        : [];
  for (const t of touched) if (tables[t]) tables[t] = cloneTable(tables[t]!);
  return {
    tables,
    indexes: { ...model.indexes },
    enums: { ...model.enums },
    views: { ...model.views },
    triggers: { ...model.triggers },
    functions: { ...model.functions },
  };
}

/** Model after `op` (op already resolved: see naming.ts). Never mutates `model`. */
export function applyOperation(model: Model, op: Operation): Model {
  const m = copyFor(model, op);
  const table = 'table' in op && typeof op.table === 'string' ? m.tables[op.table] : undefined;
  switch (op.op) {
    case 'createTable':
      if (m.tables[op.table] && op.ifNotExists) break;
      m.tables[op.table] = {
        name: op.table,
        columns: op.columns.map((c) => ({ ...c, nullable: c.nullable ?? true })),
        ...(op.primaryKey ? { primaryKey: op.primaryKey } : {}),
        uniques: op.uniques ?? [],
        foreignKeys: op.foreignKeys ?? [],
        checks: op.checks ?? [],
        ...(op.options ? { options: op.options } : {}),
      };
      break;
    case 'dropTable':
      delete m.tables[op.table];
      for (const [k, i] of Object.entries(m.indexes)) if (i.table === op.table) delete m.indexes[k];
      for (const [k, tr] of Object.entries(m.triggers)) if (tr.table === op.table) delete m.triggers[k];
      break;
    case 'renameTable':
      if (!table) break;
      delete m.tables[op.table];
      m.tables[op.to] = { ...table, name: op.to };
      for (const i of Object.values(m.indexes)) if (i.table === op.table) i.table = op.to;
      for (const tr of Object.values(m.triggers)) if (tr.table === op.table) tr.table = op.to;
      for (const t of Object.values(m.tables))
        for (const f of t.foreignKeys) if (f.refTable === op.table) f.refTable = op.to;
      break;
    case 'addColumn':
      if (table) {
        const at = op.first ? 0 : op.after ? table.columns.findIndex((c) => c.name === op.after) + 1 : -1;
        table.columns.splice(at >= 0 ? at : table.columns.length, 0, {
          ...op.column,
          nullable: op.column.nullable ?? true,
        });
      }
      break;
    case 'dropColumn':
      if (!table) break;
      removeColumnFromTable(table, op.column);
      for (const [k, i] of Object.entries(m.indexes))
        if (i.table === op.table && i.columns.includes(op.column)) delete m.indexes[k];
      break;
    case 'renameColumn': {
      if (!table) break;
      const c = table.columns.find((x) => x.name === op.column);
      if (c) c.name = op.to;
      if (table.primaryKey) table.primaryKey.columns = renameIn(table.primaryKey.columns, op.column, op.to);
      for (const u of table.uniques) u.columns = renameIn(u.columns, op.column, op.to);
      for (const f of table.foreignKeys) f.columns = renameIn(f.columns, op.column, op.to);
      for (const t of Object.values(m.tables))
        for (const f of t.foreignKeys)
          if (f.refTable === op.table) f.refColumns = renameIn(f.refColumns, op.column, op.to);
      for (const i of Object.values(m.indexes)) {
        if (i.table !== op.table) continue;
        i.columns = renameIn(i.columns, op.column, op.to);
        if (i.lengths && op.column in i.lengths) {
          i.lengths[op.to] = i.lengths[op.column]!;
          delete i.lengths[op.column];
        }
      }
      break;
    }
    case 'alterColumn': {
      const c = table?.columns.find((x) => x.name === op.column);
      if (!c) break;
      if (op.type) c.type = op.type;
      if (op.nullable !== undefined) c.nullable = op.nullable;
      if (op.default === null) delete c.default;
      else if (op.default !== undefined) c.default = op.default;
      if (op.autoIncrement !== undefined) c.autoIncrement = op.autoIncrement;
      break;
    }
    case 'createIndex': {
      const key =
        m.indexes[op.index.name] && m.indexes[op.index.name]!.table !== op.index.table
          ? `${op.index.table}.${op.index.name}`
          : op.index.name;
      if (m.indexes[key] && op.ifNotExists) break;
      m.indexes[key] = structuredClone(op.index);
      break;
    }
    case 'dropIndex': {
      const key = findIndexKey(m, op.name, op.table);
      if (key) delete m.indexes[key];
      break;
    }
    case 'addPrimaryKey':
      if (!table) break;
      table.primaryKey = op.primaryKey;
      for (const c of table.columns) if (op.primaryKey.columns.includes(c.name)) c.nullable = false;
      break;
    case 'dropPrimaryKey':
      if (table) delete table.primaryKey;
      break;
    case 'addUnique':
      table?.uniques.push(op.unique);
      break;
    case 'addForeignKey':
      table?.foreignKeys.push(op.foreignKey);
      break;
    case 'addCheck':
      table?.checks.push(op.check);
      break;
    case 'dropConstraint':
      if (!table) break;
      if (op.kind === 'primary') delete table.primaryKey;
      if (op.kind === 'unique') table.uniques = table.uniques.filter((u) => u.name !== op.name);
      if (op.kind === 'foreignkey') table.foreignKeys = table.foreignKeys.filter((f) => f.name !== op.name);
      if (op.kind === 'check') table.checks = table.checks.filter((k) => k.name !== op.name);
      break;
    case 'createEnum':
      m.enums[op.name] = { name: op.name, values: [...op.values] };
      break;
    case 'dropEnum':
      delete m.enums[op.name];
      break;
    case 'replaceEnum':
      if (op.dropOld !== false || op.newName === op.name) delete m.enums[op.name];
      m.enums[op.newName] = { name: op.newName, values: [...op.values] };
      for (const ref of op.columns) {
        const c = m.tables[ref.table]?.columns.find((x) => x.name === ref.column);
        if (!c) continue;
        c.type = setEnumType(c.type, op.name, op.newName, op.values);
        if (ref.default) c.default = ref.default;
      }
      break;
    case 'createView':
      m.views[op.view.name] = structuredClone(op.view);
      break;
    case 'dropView':
      delete m.views[op.name];
      break;
    case 'createFunction':
      m.functions[op.fn.name] = structuredClone(op.fn);
      break;
    case 'dropFunction':
      delete m.functions[op.name];
      break;
    case 'createTrigger':
      m.triggers[op.trigger.name] = structuredClone(op.trigger);
      break;
    case 'dropTrigger':
      delete m.triggers[op.name];
      break;
    case 'sql':
    case 'insertRows':
      break;
  }
  return m;
}

/** Columns of a table in the model, or undefined. */
export function columnOf(model: Model, table: string, column: string): Column | undefined {
  return model.tables[table]?.columns.find((c) => c.name === column);
}
