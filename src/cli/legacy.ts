// XiVO's old system beside the new one: `check` and `upgrade` work whether a database is still
// managed by numbered scripts with state files, and `upgrade` moves it over once.

import type { Command } from 'commander';
import { connect } from '../db/connect.js';
import type { Connection } from '../db/connection.js';
import { parseTarget } from '../db/url.js';
import type { ScriptSet } from '../engine/types.js';
import type { LegacyOptions } from '../packs/xivo/legacy.js';
import type { CliApp } from './app.js';

export function legacyOptions(app: CliApp, cmd: Command, sets: ScriptSet[]): LegacyOptions | undefined {
  const o = app.opts(cmd);
  const chosen = o.legacyStateDir || sets.some((s) => s.name.startsWith('xivo'));
  if (!chosen) return undefined;
  return { stateDir: o.legacyStateDir as string | undefined, migrationDir: o.legacyMigrationDir as string | undefined };
}

/** check: the old tool's lines while the old system is active; false when it is not up to date. */
export async function legacyCheck(app: CliApp, cmd: Command, conn: Connection, sets: ScriptSet[]): Promise<boolean> {
  const opts = legacyOptions(app, cmd, sets);
  if (!opts) return true;
  const out = app.output(cmd);
  // Loaded only for XiVO sets: most runs never need it.
  const { legacyStatus } = await import('../packs/xivo/legacy.js');
  const st = await legacyStatus({ ...opts, conn });
  if (st.stale.length) out.warn(`state files left by an interrupted switch: ${st.stale.join(', ')} (voipdb upgrade removes them)`);
  let ok = true;
  if (st.active) {
    out.info(st.lines.join('\n'));
    out.info('legacy scripts active: voipdb upgrade runs the remaining ones, merges xivo into asterisk and switches to versioned migrations');
    ok = st.databases.every((d) => d.ok);
  }
  // xivo-check-db's line for the versioned system, beside the legacy lines.
  if (sets.some((s) => s.name === 'xivo')) {
    const { xivoCheckDb } = await import('../packs/xivo/check.js');
    out.info((await xivoCheckDb(conn)).lines.join('\n'));
  }
  return ok;
}

/** upgrade: finish the old system's scripts and switch, before the versioned sets run. */
export async function legacyBeforeUpgrade(app: CliApp, cmd: Command, conn: Connection, sets: ScriptSet[]): Promise<void> {
  const opts = legacyOptions(app, cmd, sets);
  if (!opts) return;
  const { legacyUpgrade } = await import('../packs/xivo/legacy.js');
  const { merge } = await import('../ops/merge.js');
  const o = app.opts(cmd);
  const others: Record<string, Connection | undefined> = {};
  try {
    for (const spec of (o.legacyDb as string[] | undefined) ?? []) {
      const [db, url] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
      others[db] = await connect(parseTarget(url));
    }
    await legacyUpgrade({ asterisk: conn, ...others }, { ...opts, fold: merge, dropRole: o.legacyDropRole as string | undefined, events: app.events(cmd) });
  } finally {
    for (const c of Object.values(others)) await c?.close();
  }
}
