// A migration's statements for one dialect: SQL text split into statements, or operation
// nodes rendered by the schema toolkit. The model is threaded through a set in order so that
// renderers that need the current shape of a table (SQLite rebuilds) have it.

import type { DialectName } from '../db/url.js';
import { Ops, type Operation } from '../schema/operations.js';
import { renderOperations, type Statement } from '../schema/render/index.js';
import { emptyModel, type Model } from '../schema/types.js';
import { VoipdbError } from '../core/errors.js';
import { checksum } from './checksum.js';
import { splitStatements } from '../schema/sql-split.js';
import type { Migration, MigrationBody, MigrationContext, ScriptSet } from './types.js';

export interface RenderedBody {
  statements: Statement[];
  /** Operation nodes, when the body was built with `op.*` (used for data-loss checks). */
  ops?: Operation[];
  /** Normalised text the checksum is taken over. */
  text: string;
  /** false when the body had nothing for this dialect. */
  applies: boolean;
}

export interface RenderedMigration {
  migration: Migration;
  up: RenderedBody;
  checksum: string;
  modelBefore: Model;
  modelAfter: Model;
  /** Model-based sets only (SQL text cannot be modelled). */
  modelled: boolean;
}

function pickSql(sql: MigrationBody & { sql: unknown }, dialect: DialectName): string | undefined {
  const s = (sql as { sql: string | Record<string, string> }).sql;
  if (typeof s === 'string') return s;
  return s[dialect] ?? s.default;
}

export function renderBody(
  body: MigrationBody | undefined,
  dialect: DialectName,
  model: Model,
  set: ScriptSet,
  ctx: MigrationContext,
  sources: string[] = [],
): { body: RenderedBody; model: Model; modelled: boolean } {
  if (!body) return { body: { statements: [], text: '', applies: false }, model, modelled: false };
  if ('sql' in body) {
    const text = pickSql(body, dialect);
    if (text === undefined) return { body: { statements: [], text: '', applies: false }, model, modelled: false };
    // Split only when the statements are used: `check` needs the checksum alone.
    let statements: Statement[] | undefined;
    const split = () =>
      [...sources, text]
        .flatMap((t) => splitStatements(t))
        .map((sql) => ({ sql, transactional: !/\bCONCURRENTLY\b/i.test(sql) }));
    return {
      body: {
        get statements() {
          return (statements ??= split());
        },
        text,
        applies: true,
      },
      model,
      modelled: false,
    };
  }
  const op = new Ops(dialect);
  body.ops(op, ctx);
  const r = renderOperations(dialect, op.list, model, set.naming);
  const text = r.statements.map((s) => s.sql).join(';\n');
  return { body: { statements: r.statements, ops: op.list, text, applies: true }, model: r.model, modelled: true };
}

// Rendering is deterministic for a set, dialect and options: once per process is enough.
const rendered = new WeakMap<ScriptSet, Map<string, RenderedMigration[]>>();

/** Render every versioned migration of a set, oldest first, threading the model. */
export function renderSet(
  set: ScriptSet,
  ordered: Migration[],
  dialect: DialectName,
  options: Record<string, unknown>,
): RenderedMigration[] {
  const key = dialect + JSON.stringify(options) + ordered.map((m) => m.version).join(',');
  let bySet = rendered.get(set);
  if (!bySet) rendered.set(set, (bySet = new Map()));
  const hit = bySet.get(key);
  if (hit) return hit;
  const out = renderSetUncached(set, ordered, dialect, options);
  bySet.set(key, out);
  return out;
}

function renderSetUncached(
  set: ScriptSet,
  ordered: Migration[],
  dialect: DialectName,
  options: Record<string, unknown>,
): RenderedMigration[] {
  let model = emptyModel();
  const ctx: MigrationContext = { dialect, options };
  const out: RenderedMigration[] = [];
  for (const m of ordered) {
    const applicable = !m.dialects || m.dialects.includes(dialect);
    const before = model;
    const r = applicable
      ? userCode(set, m, () => renderBody(m.up, dialect, model, set, ctx, m.sources ?? []))
      : { body: { statements: [], text: '', applies: false }, model, modelled: false };
    model = r.model;
    // SQL files: checksum over the text as written; operations: over what they render to.
    out.push({
      migration: m,
      up: r.body,
      checksum: checksum(applicable && m.checksumText !== undefined ? m.checksumText : r.body.text),
      modelBefore: before,
      modelAfter: model,
      modelled: r.modelled,
    });
  }
  return out;
}

export function renderDown(
  rm: RenderedMigration,
  set: ScriptSet,
  dialect: DialectName,
  options: Record<string, unknown>,
): RenderedBody {
  return userCode(set, rm.migration, () =>
    renderBody(rm.migration.down, dialect, rm.modelAfter, set, { dialect, options }),
  ).body;
}

/**
 * A directory set's module is the user's code: an error it throws (a misused `op.*`, a typo) names
 * the file and the problem, exit 6, instead of passing for voipdb's own bug. A pack's is voipdb's.
 */
function userCode<T>(set: ScriptSet, m: Migration, render: () => T): T {
  if (!set.dir) return render();
  try {
    return render();
  } catch (e) {
    if (e instanceof VoipdbError) throw e;
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new VoipdbError('migration-failed', `migration ${m.script ?? m.version} of set ${set.name}: ${message}`, {
      where: m.script ? `${set.dir}/${m.script}` : set.dir,
      hint: `fix ${m.script ?? 'the migration'} (the op.* calls and their arguments: README "Schema toolkit"), then run the command again`,
      cause: e,
    });
  }
}
