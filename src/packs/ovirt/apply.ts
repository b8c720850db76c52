// `schema.sh -c apply`, the voipdb way: a database without schema_version gets the base first
// (before any pre-upgrade hook, which needs its tables); one made by schema.sh is adopted as it
// is; then the upgrade runs. The baseline stands for every version at or below it, so scripts a
// squash folded into the base are neither missing nor pending.

import { VoipdbError } from '../../core/errors.js';
import type { Connection } from '../../db/connection.js';
import { isApplied, type HistoryRow } from '../../engine/history.js';
import { readSetHistory, upgrade, type EngineOptions, type RunResult } from '../../engine/index.js';
import type { ScriptSet } from '../../engine/types.js';
import { adoptOvirt, type AdoptResult } from './adopt.js';
import { hasSchemaVersion } from './schema-version.js';

export interface ApplyResult extends RunResult {
  /** Set when the database was made by oVirt's own tooling and adopted first. */
  adopted?: AdoptResult;
  /** The base files ran (clean install). */
  installed: boolean;
}

function baselineOf(set: ScriptSet) {
  return set.migrations.find((m) => m.kind === 'baseline');
}

/**
 * The set as the engine should see it on a database that already has the schema: the base only
 * when this database recorded it (a squash brings a newer base, which such a database never runs).
 */
function upgradeView(set: ScriptSet, history: HistoryRow[]): ScriptSet {
  const base = baselineOf(set);
  const recorded = !!base && history.some((r) => r.kind === 'baseline' && r.version === base.version && isApplied(r));
  return recorded ? set : { ...set, migrations: set.migrations.filter((m) => m.kind !== 'baseline') };
}

export async function ovirtApply(conn: Connection, set: ScriptSet, opts: EngineOptions = {}): Promise<ApplyResult> {
  if (conn.dialect !== 'postgres') {
    throw new VoipdbError(
      'usage',
      `oVirt dbscripts are PostgreSQL scripts; ${conn.target.display} is ${conn.dialect}`,
      {
        hint: "give a postgresql:// or pglite: URL (the fn_db_* config helpers for other dialects are in the ovirt pack's config operations)",
      },
    );
  }
  const base = baselineOf(set);
  const steps: RunResult['steps'] = [];
  let adopted: AdoptResult | undefined;
  let installed = false;
  let history = await readSetHistory(conn, set.name).catch(() => []);
  // only applied steps count: a failed hook of an earlier attempt does not make a schema
  const recorded = history.some((r) => (r.kind === 'versioned' || r.kind === 'baseline') && isApplied(r));

  if (!(await hasSchemaVersion(conn)) && !recorded) {
    if (base) {
      // Clean install: the base alone first, recorded as the set's baseline.
      const r = await upgrade(conn, [{ ...set, migrations: [base], preUpgrade: [], postUpgrade: [] }], undefined, opts);
      steps.push(...r.steps);
      installed = true;
    }
  } else if (!recorded) {
    adopted = await adoptOvirt(conn, set);
    opts.events?.({
      type: 'log',
      level: 'info',
      message: `adopted ${set.name} at ${adopted.current} from schema_version (${adopted.applied} installed, ${adopted.skipped} skipped)`,
    });
  }

  // Applied versions the tree no longer has are fine when the base covers them (a squash); any
  // other is reported by the engine as missing.
  history = await readSetHistory(conn, set.name).catch(() => []);
  const view = upgradeView(set, history);
  const known = new Set(view.migrations.map((m) => m.version));
  const missing = history.filter(
    (r) => (r.kind === 'versioned' || r.kind === 'baseline') && isApplied(r) && r.version && !known.has(r.version),
  );
  const covered = !!base && missing.length > 0 && missing.every((r) => r.version! <= base.version);
  if (base && view !== set) {
    // the base is newer than this database: only one that reached the base's version may go on
    const reached = history
      .filter((r) => (r.kind === 'versioned' || r.kind === 'baseline') && isApplied(r) && r.version)
      .map((r) => r.version!)
      .sort()
      .at(-1);
    if (reached && reached < base.version) {
      throw new VoipdbError(
        'refused',
        `this database is at ${reached}, inside what the base folds (up to ${base.version}): the scripts between are no longer in the tree`,
        {
          where: `set ${set.name}`,
          hint: `upgrade it to ${base.version} with the tree from before the squash, then run this upgrade again`,
        },
      );
    }
  }
  const r = await upgrade(conn, [view], undefined, { ...opts, ignoreMissing: opts.ignoreMissing || covered });
  return { steps: [...steps, ...r.steps], states: r.states, adopted, installed };
}
