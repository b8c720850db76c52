// Apply operations to a real database the way the engine does: statements in order, SQLite's
// inside one transaction (its rebuilds must hold there), PostgreSQL's transactional ones too.

import type { Connection } from '../../src/db/connection.js';
import { Ops } from '../../src/schema/operations.js';
import { renderOperations } from '../../src/schema/render/index.js';
import { emptyModel, type Model, type NamingConvention } from '../../src/schema/types.js';

export async function applyOps(
  conn: Connection,
  build: (op: Ops) => void,
  model: Model = emptyModel(),
  naming?: NamingConvention,
): Promise<Model> {
  const op = new Ops(conn.dialect);
  build(op);
  const r = renderOperations(conn.dialect, op.list, model, naming);
  const inTx = conn.dialect !== 'mysql';
  let open = false;
  for (const s of r.statements) {
    if (inTx && s.transactional && !open) {
      await conn.exec('BEGIN');
      open = true;
    }
    if (open && !s.transactional) {
      await conn.exec('COMMIT');
      open = false;
    }
    try {
      await conn.exec(s.sql);
    } catch (e) {
      if (open) await conn.exec('ROLLBACK').catch(() => {});
      throw new Error(`${(e as Error).message}\n--- in statement:\n${s.sql}`, { cause: e });
    }
  }
  if (open) await conn.exec('COMMIT');
  return r.model;
}
