// How each dialect says an operation. Contract used by the engine:
//   renderOperations(dialect, ops, model, naming) -> { statements, model }
// The model is the schema before the operations; the returned model is the schema after.
// (Placeholder until the renderers land: see ./postgres.ts, ./mysql.ts, ./sqlite.ts.)

import type { DialectName } from '../../db/url.js';
import type { Operation } from '../operations.js';
import type { Model, NamingConvention } from '../types.js';

export interface Statement {
  sql: string;
  /** false for statements that cannot run inside a transaction (CREATE INDEX CONCURRENTLY). */
  transactional: boolean;
}

export interface Rendered {
  statements: Statement[];
  model: Model;
}

export function renderOperations(_dialect: DialectName, _ops: Operation[], _model: Model, _naming?: NamingConvention): Rendered {
  throw new Error('schema renderers not yet available');
}
