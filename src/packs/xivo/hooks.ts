// XiVO's old system beside the new one, as the pack's hooks: `check` shows the legacy scripts'
// lines while the old system is active, and `upgrade` finishes its scripts and switches over once
// (merging the `xivo` database into `asterisk`) before the versioned set runs.

import { connect } from '../../db/connect.js';
import type { Connection } from '../../db/connection.js';
import { parseTarget } from '../../db/url.js';
import type { PackCheck, PackHookContext, ScriptSet } from '../../engine/types.js';
import type { LegacyOptions } from './legacy.js';

function legacyOptions(sets: ScriptSet[], settings: Record<string, unknown>): LegacyOptions | undefined {
  const chosen = settings.legacyStateDir || sets.some((s) => s.name.startsWith('xivo'));
  if (!chosen) return undefined;
  return {
    stateDir: settings.legacyStateDir as string | undefined,
    migrationDir: settings.legacyMigrationDir as string | undefined,
  };
}

export async function legacyCheck(
  conn: Connection,
  sets: ScriptSet[],
  ctx: PackHookContext,
): Promise<PackCheck | undefined> {
  const opts = legacyOptions(sets, ctx.settings);
  if (!opts) return undefined;
  const { legacyStatus } = await import('./legacy.js');
  const st = await legacyStatus({ ...opts, conn });
  const warnings = st.stale.length
    ? [`state files left by an interrupted switch: ${st.stale.join(', ')} (voipdb upgrade removes them)`]
    : [];
  const lines: string[] = [];
  // The legacy lines already begin with "Checking databases...".
  if (st.active) {
    lines.push(
      st.lines.join('\n'),
      'legacy scripts active: voipdb upgrade runs the remaining ones, merges xivo into asterisk and switches to versioned migrations',
    );
  }
  // xivo-check-db's line for the versioned system, beside the legacy lines.
  if (sets.some((s) => s.name === 'xivo')) {
    const { xivoCheckDb } = await import('./check.js');
    lines.push((await xivoCheckDb(conn)).lines.join('\n'));
  }
  return { ok: !st.active || st.databases.every((d) => d.ok), lines, warnings };
}

export async function legacyBeforeUpgrade(conn: Connection, sets: ScriptSet[], ctx: PackHookContext): Promise<void> {
  const opts = legacyOptions(sets, ctx.settings);
  if (!opts) return;
  const { legacyUpgrade } = await import('./legacy.js');
  const others: Record<string, Connection | undefined> = {};
  try {
    // `<db>=<url>` for the other legacy databases (xivo).
    for (const spec of (ctx.settings.legacyDatabases as string[] | undefined) ?? []) {
      const [db, url] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
      others[db] = await connect(parseTarget(url));
    }
    const dropRole = ctx.settings.legacyDropRole as string | undefined;
    await legacyUpgrade({ asterisk: conn, ...others }, { ...opts, fold: ctx.fold, dropRole, events: ctx.events });
  } finally {
    for (const c of Object.values(others)) await c?.close();
  }
}
