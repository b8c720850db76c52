// A whole model as the operations that create it from nothing: enums, tables, then foreign keys
// (so tables may reference each other in any order), indexes, views, functions, triggers.
// Used to install a set's head schema in one step on an empty database.

import type { Operation } from './operations.js';
import type { Model } from './types.js';

export function operationsFor(model: Model): Operation[] {
  const ops: Operation[] = [];
  for (const e of Object.values(model.enums)) ops.push({ op: 'createEnum', name: e.name, values: [...e.values] });
  for (const t of Object.values(model.tables)) {
    ops.push({
      op: 'createTable',
      table: t.name,
      columns: t.columns.map((c) => ({ ...c })),
      ...(t.primaryKey ? { primaryKey: t.primaryKey } : {}),
      uniques: t.uniques,
      checks: t.checks,
      ...(t.options ? { options: t.options } : {}),
    });
  }
  for (const t of Object.values(model.tables))
    for (const fk of t.foreignKeys) ops.push({ op: 'addForeignKey', table: t.name, foreignKey: fk });
  for (const i of Object.values(model.indexes)) ops.push({ op: 'createIndex', index: i });
  for (const v of Object.values(model.views)) ops.push({ op: 'createView', view: v });
  for (const f of Object.values(model.functions)) ops.push({ op: 'createFunction', fn: f });
  for (const tr of Object.values(model.triggers)) ops.push({ op: 'createTrigger', trigger: tr });
  return ops;
}
