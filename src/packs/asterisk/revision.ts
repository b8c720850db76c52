// One Asterisk alembic revision as a voipdb migration: same id, same parent, up and down
// written with AsteriskOps, and the admin's excluded modules taken out when it renders.

import type { Migration, MigrationContext } from '../../engine/types.js';
import type { Ops } from '../../schema/operations.js';
import { AsteriskOps } from './asterisk-ops.js';
import { exclusionOf, withoutExcluded } from './modules.js';

export type RevisionBody = (op: AsteriskOps, ctx: MigrationContext) => void;

export interface RevisionSpec {
  /** alembic's `revision`. */
  id: string;
  /** alembic's `down_revision`; null for the first revision of a set. */
  parent: string | null;
  /** The docstring's first line. */
  description: string;
  /** The alembic script's file name in contrib/ast-db-manage/<set>/versions/. */
  script: string;
  up: RevisionBody;
  down: RevisionBody;
}

function body(fn: RevisionBody): Migration['up'] {
  return {
    ops: (op: Ops, ctx: MigrationContext) => {
      const a = new AsteriskOps(op.dialect);
      fn(a, ctx);
      const ex = exclusionOf(ctx.options?.exclude);
      for (const o of a.list) {
        const kept = ex ? withoutExcluded(o, ex, a.sqlTables.get(o)) : o;
        if (kept) op.list.push(kept);
      }
    },
  };
}

export function revision(spec: RevisionSpec): Migration {
  return {
    version: spec.id,
    parent: spec.parent,
    description: spec.description,
    kind: 'versioned',
    script: spec.script,
    up: body(spec.up),
    down: body(spec.down),
  };
}
