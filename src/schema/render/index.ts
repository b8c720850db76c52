// How each dialect says an operation. Contract used by the engine:
//   renderOperations(dialect, ops, model, naming) -> { statements, model }
// The model is the schema before the operations; the returned model is the schema after.
// Rendering is pure and deterministic: the same operations and model give the same bytes.

import type { DialectName } from '../../db/url.js';
import { dialectOf } from '../../dialect/index.js';
import { applyOperation } from '../apply.js';
import { resolveOperation } from '../naming.js';
import type { Operation } from '../operations.js';
import type { Model, NamingConvention } from '../types.js';
import type { DialectRenderer, Statement } from './common.js';
import { my } from './mysql.js';
import { pg } from './postgres.js';
import { sq } from './sqlite.js';

export type { Statement, DialectRenderer } from './common.js';

export interface Rendered {
  statements: Statement[];
  model: Model;
}

export const renderers: Record<DialectName, DialectRenderer> = { postgres: pg, mysql: my, sqlite: sq };

export function renderOperation(dialect: DialectName, op: Operation, model: Model): Rendered {
  const after = applyOperation(model, op);
  const fn = renderers[dialect].ops[op.op] as (o: Operation, c: { before: Model; after: Model }) => Statement[];
  return { statements: fn(op, { before: model, after }), model: after };
}

export function renderOperations(
  dialect: DialectName,
  ops: Operation[],
  model: Model,
  naming?: NamingConvention,
): Rendered {
  const statements: Statement[] = [];
  let current = model;
  for (const raw of ops) {
    for (const op of resolveOperation(raw, current, naming)) {
      const r = renderOperation(dialect, op, current);
      statements.push(...r.statements);
      current = r.model;
    }
  }
  return { statements, model: current };
}

/**
 * Statements as a script a DBA can read and run with the dialect's own client: one statement
 * per paragraph; on MySQL, bodies with semicolons inside (triggers, routines) go between
 * DELIMITER lines; statements that cannot run in a transaction are marked.
 */
export function renderScript(dialect: DialectName, statements: Statement[]): string {
  const parts = statements.map((s) => {
    const note = s.transactional ? '' : '-- not transactional\n';
    return note + dialectOf(dialect).scriptStatement(s.sql);
  });
  return parts.length ? parts.join('\n\n') + '\n' : '';
}
