// Offline equals online: `voipdb sql` runs the plan of an upgrade (or a downgrade) through the
// same executor as `upgrade`, with the runner writing each statement to a script instead of a
// connection (alembic's as_sql). The same steps (a fresh install's head schema where `upgrade`
// would install it, `--replay` for the revisions), the same history and version-record writes.

import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { dialectOf } from '../dialect/index.js';
import { ensureRecords, runDowngrade, runUpgrade, type EngineOptions } from './commands.js';
import { destinationIndex, parseDestination } from './destination.js';
import { DEFAULT_DDL_LOCK_TIMEOUT_MS } from './lock-retry.js';
import { historyKey, type HistoryRow } from './history.js';
import { orderSets, planSet, type SetState } from './planner.js';
import type { RunContext, ScriptStatement } from './runner.js';
import { refuseUnsupportedDialect } from './refusals.js';
import type { ScriptSet } from './types.js';

export interface OfflineOptions extends Omit<EngineOptions, 'lockTimeoutMs' | 'closingStates'> {
  /** Render as if the database were at this version already (`<set>@<version>`, a version or `head`). */
  from?: string;
  /** Where to go: head (the default), a version, <set>@<version>; a downgrade's default is base. */
  to?: string;
  /** An upgrade script (default) or a downgrade script (from `from`, default head). */
  direction?: 'up' | 'down';
}

export interface OfflineScript {
  /** The script for the dialect's own client (psql, mariadb, sqlite3). */
  text: string;
  /** The statements in order, as the runner sends them online (journal: a step's own history row written whole). */
  statements: ScriptStatement[];
}

/** Where each set stands on a database at `from` (nothing applied without it). */
function offlineStates(sets: ScriptSet[], dialect: DialectName, from: string | undefined): SetState[] {
  const ordered = orderSets(sets);
  const blank = ordered.map((s) => planSet(s, dialect, undefined, s.options ?? {}));
  if (!from) return blank;
  const d = parseDestination(from);
  return blank.map((st) => {
    const end = destinationIndex(st, d, blank);
    if (end === null || end < 0) return st;
    const rows = new Map<string, HistoryRow>();
    st.rendered.slice(0, end + 1).forEach((rm, i) => {
      const m = rm.migration;
      rows.set(historyKey(m.kind, m.version, m.script), {
        id: i + 1,
        set_name: st.set.name,
        version: m.version,
        description: m.description,
        kind: m.kind,
        script: m.script,
        checksum: rm.checksum,
        installed_by: 'voipdb sql',
        started_at: '',
        finished_at: null,
        duration_ms: null,
        state: 'applied',
        statements_done: 0,
        done_hash: null,
        error: null,
      });
    });
    return planSet(st.set, dialect, rows, st.set.options ?? {});
  });
}

/** Tables the script creates before the plan (voipdb's own, the version records'): the database's tables, offline. */
function createdBy(statements: ScriptStatement[]): Set<string> {
  const names = statements.flatMap((s) =>
    [...s.sql.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?["`]?(\w+)/gi)].map((m) => m[1]!),
  );
  return new Set(names);
}

/** The script of an upgrade (or downgrade) for a dialect, without a connection. */
export async function renderScript(
  sets: ScriptSet[],
  dialectName: DialectName,
  opts: OfflineOptions = {},
): Promise<OfflineScript> {
  refuseUnsupportedDialect(sets, dialectName);
  const dialect = dialectOf(dialectName);
  const statements: ScriptStatement[] = [];
  const comments: { at: number; text: string }[] = [];
  const ctx: RunContext = {
    // Offline nothing is read or run: the runner writes to `script` and never touches the connection.
    conn: undefined as unknown as Connection,
    dialect,
    events: (e) => {
      if (e.type === 'migration-start') {
        const first = e.description ? ' — ' + e.description.split('\n')[0] : '';
        comments.push({ at: statements.length, text: `-- ${e.set}: ${e.direction} ${e.version}${first}` });
      }
      opts.events?.(e);
    },
    installedBy: (opts.installedBy ?? 'voipdb sql').slice(0, 128),
    lockTimeoutMs: 0,
    script: statements,
    clock: opts.clock,
    // The same lock timeouts as online: a step never makes writers queue behind it for longer.
    // Online a timed-out statement is retried; in a script its transaction fails whole, and the
    // history the script wrote so far lets voipdb upgrade continue from there.
    ddlLockTimeoutMs: opts.ddlLockTimeoutMs ?? DEFAULT_DDL_LOCK_TIMEOUT_MS,
    ddlTries: 1,
  };
  const down = opts.direction === 'down';
  const ordered = orderSets(sets);
  const from = down ? (opts.from ?? 'head') : opts.from;
  const states = offlineStates(ordered, dialectName, from);
  // As online after the run lock: the session's lock timeout first.
  if (ctx.ddlLockTimeoutMs)
    for (const s of dialect.ddlLockTimeout(ctx.ddlLockTimeoutMs, false)) statements.push({ sql: s });
  await ensureRecords(ctx, ordered, from !== undefined);
  if (down) await runDowngrade(ctx, states, opts.to ?? 'base', opts);
  else await runUpgrade(ctx, states, ordered, opts.to, opts, async (t) => createdBy(statements).has(t));

  const what = down ? 'downgrade' : 'upgrade';
  const out = [
    `-- voipdb offline ${what} script for ${dialectName}`,
    `-- sets: ${ordered.map((s) => s.name).join(', ')}`,
    '',
  ];
  let c = 0;
  statements.forEach((s, i) => {
    if (c < comments.length && comments[c]!.at === i) out.push('');
    for (; c < comments.length && comments[c]!.at === i; c++) out.push(comments[c]!.text);
    out.push(dialect.scriptStatement(s.sql));
  });
  out.push('');
  return { text: out.join('\n'), statements };
}

/** The script's text (see renderScript). */
export async function renderSql(
  sets: ScriptSet[],
  dialectName: DialectName,
  opts: OfflineOptions = {},
): Promise<string> {
  return (await renderScript(sets, dialectName, opts)).text;
}
