// The operations as commands: a target (or two) and options in, the operation's result out.
// Table groups come from the packs named (or those the database records), as on the CLI.

import { VoipdbError } from '../core/errors.js';
import type { TableGroups } from '../engine/types.js';
import { readSetHistory } from '../engine/status.js';
import { convert as convertData, type ConvertRequest, type ConvertSummary } from '../convert/index.js';
import type { Connection } from '../db/connection.js';
import { backup as backupOf, type BackupOptions, type BackupResult } from '../ops/backup.js';
import { doctor as doctorOf, type DoctorReport } from '../ops/doctor.js';
import { estimate as estimateOf, pendingSteps, type Estimate, type EstimateOptions } from '../ops/estimate.js';
import { applyGrants, grantsScript, reviewGrants, type ApplyResult, type PasswordSources } from '../ops/grants.js';
import { merge as mergeOf, mergeConflicts, type MergeOptions, type MergeResult } from '../ops/merge.js';
import { odbcConfig, writeOdbcFiles, type OdbcConfig, type OdbcOptions } from '../ops/odbc.js';
import { addSerialPrimaryKey, applyAhead, serialPkSpec } from '../ops/online.js';
import type { OnlineOptions } from '../ops/online/serial-pk.js';
import { prune as pruneOf, type PruneOptions, type PruneResult } from '../ops/prune.js';
import { replicate as replicateOf, type ReplicateOptions, type ReplicateResult } from '../ops/replicate.js';
import { restore as restoreOf, type RestoreOptions, type RestoreResult } from '../ops/restore.js';
import { loadGroupSettings, type GroupSettings } from '../ops/table-groups.js';
import { scratchFrom, squash as squashTree, type SquashOptions, type SquashResult } from '../packs/ovirt/squash.js';
import { loadPack, packOfSet } from '../packs/index.js';
import { chosenSets, resolveSets, type SetChoice } from './sets.js';
import { targetOf, withTarget, type TargetLike } from './target.js';

/** Which table groups: the packs named (or recorded in the database), the admin's own, `name=t1,t2` specs. */
export interface GroupChoice {
  packs?: string[];
  groups?: TableGroups;
  groupSpecs?: string[];
}

export async function groupSettings(choice: GroupChoice, conn?: Connection): Promise<GroupSettings> {
  const names = [...(choice.packs ?? [])];
  if (!names.length && conn) {
    for (const r of await readSetHistory(conn).catch(() => [])) {
      const p = packOfSet(r.set_name);
      if (p) names.push(p);
    }
  }
  return loadGroupSettings(names, choice.groups, choice.groupSpecs ?? []);
}

/** Table sizes, index use, connections and where each set stands. */
export async function doctor(target: TargetLike | undefined, opts: SetChoice = {}): Promise<DoctorReport> {
  return withTarget(target, async (conn) => doctorOf(conn, await resolveSets(opts, conn)));
}

export async function backup(
  target: TargetLike | undefined,
  opts: Omit<BackupOptions, 'groups'> & GroupChoice,
): Promise<BackupResult> {
  return withTarget(target, async (conn) =>
    backupOf(conn, { ...opts, groups: (await groupSettings(opts, conn)).groups }),
  );
}

export async function restore(
  target: TargetLike | undefined,
  opts: Omit<RestoreOptions, 'groups' | 'systemConfigGroups'> & GroupChoice,
): Promise<RestoreResult> {
  return withTarget(target, async (conn) => {
    const g = await groupSettings(opts, conn);
    return restoreOf(conn, { ...opts, groups: g.groups, systemConfigGroups: g.systemConfig });
  });
}

/** Copy a database to a standby, leaving out the packs' default groups unless told otherwise. */
export async function replicate(
  master: TargetLike,
  standby: TargetLike,
  opts: Omit<ReplicateOptions, 'groups' | 'defaultExcludeGroups'> & GroupChoice = {},
): Promise<ReplicateResult> {
  return withTarget(master, (m) =>
    withTarget(standby, async (s) => {
      const g = await groupSettings(opts, m);
      return replicateOf(m, s, { ...opts, groups: g.groups, defaultExcludeGroups: g.replicateExclude });
    }),
  );
}

/** Fold `from` into `into` (pg-merge-db); `checkOnly`: list what stands in the way, move nothing. */
export async function merge(into: TargetLike, from: TargetLike, opts: MergeOptions & { checkOnly?: boolean } = {}) {
  return withTarget(into, (i) =>
    withTarget(from, async (f): Promise<MergeResult | { conflicts: Awaited<ReturnType<typeof mergeConflicts>> }> => {
      if (opts.checkOnly) return { conflicts: await mergeConflicts(i, f) };
      return mergeOf(i, f, opts);
    }),
  );
}

/** Cost of the pending plan from row counts and measured per-row rates. */
export async function estimate(
  target: TargetLike | undefined,
  opts: SetChoice & EstimateOptions = {},
): Promise<Estimate> {
  return withTarget(target, async (conn) =>
    estimateOf(conn, await pendingSteps(conn, await chosenSets(opts, conn)), opts),
  );
}

export interface OnlineRequest extends OnlineOptions, SetChoice {
  /** `<set>@<version>`: apply that migration ahead, its table back-filled in batches. */
  ahead?: string;
  /** Add a serial primary key to this table in batches. */
  addPrimaryKey?: string;
  column?: string;
  grantTo?: string[];
}

export async function online(target: TargetLike | undefined, req: OnlineRequest) {
  if (!req.ahead === !req.addPrimaryKey) {
    throw new VoipdbError('usage', 'give either ahead (<set>@<version>) or addPrimaryKey (<table>)', {
      hint: 'voipdb online --ahead xivo@<revision>, or voipdb online --add-primary-key queue_log',
    });
  }
  return withTarget(target, async (conn) => {
    if (req.ahead) return applyAhead(conn, await chosenSets(req, conn), req.ahead, req);
    return addSerialPrimaryKey(
      conn,
      serialPkSpec(req.addPrimaryKey!, req.column ?? 'id', { grantTo: req.grantTo ?? [] }),
      req,
    );
  });
}

/** Delete old rows in batches (queue_log, cdr). */
export async function prune(target: TargetLike | undefined, opts: PruneOptions): Promise<PruneResult> {
  return withTarget(target, (conn) => pruneOf(conn, opts));
}

/** Roles and grants a pack expects: reviewed as a script, or applied (passwords from the environment or files). */
export async function grants(
  target: TargetLike | undefined,
  opts: { packs?: string[]; apply?: boolean; settings?: Record<string, string>; passwords?: PasswordSources } = {},
): Promise<{ scripts: string[] } | { applied: ({ pack: string } & ApplyResult)[] }> {
  const packsFrom = async (names: string[]) => {
    const withRoles = (await Promise.all(names.map((n) => loadPack(n)))).filter((p) => p.grants);
    if (!withRoles.length) {
      throw new VoipdbError('usage', `no roles in pack(s) ${names.join(', ') || '(none)'}`, {
        hint: 'voipdb grants --pack ominis',
      });
    }
    return withRoles;
  };
  const settings = opts.settings ?? {};
  if (!opts.apply && opts.packs?.length) {
    // Review needs no connection: the target only names the dialect and database.
    const t = targetOf(target);
    return {
      scripts: (await packsFrom(opts.packs)).map((p) =>
        grantsScript(p, reviewGrants(p, t.dialect, t, settings), t.dialect),
      ),
    };
  }
  return withTarget(target, async (conn) => {
    const recorded = async () => [
      ...new Set((await readSetHistory(conn)).map((r) => packOfSet(r.set_name)).filter((p): p is string => !!p)),
    ];
    const packs = await packsFrom(opts.packs?.length ? opts.packs : await recorded());
    if (!opts.apply)
      return {
        scripts: packs.map((p) => grantsScript(p, reviewGrants(p, conn.dialect, conn.target, settings), conn.dialect)),
      };
    const applied: ({ pack: string } & ApplyResult)[] = [];
    for (const p of packs)
      applied.push({ pack: p.name, ...(await applyGrants(conn, p, settings, opts.passwords ?? {})) });
    return { applied };
  });
}

/** odbc.ini and FreeSWITCH's ODBC configuration for the target; written to `out` when given. */
export function odbc(
  target: TargetLike | undefined,
  opts: OdbcOptions & { out?: string } = {},
): OdbcConfig & { written?: string[] } {
  const config = odbcConfig(targetOf(target), opts);
  return opts.out ? { ...config, written: writeOdbcFiles(opts.out, config) } : config;
}

/** Fold a published series of an oVirt-style dbscripts tree into a new base, verified on a scratch database. */
export async function squash(
  dir: string,
  opts: Omit<SquashOptions, 'scratch'> & { scratch?: string },
): Promise<SquashResult> {
  return squashTree(dir, { ...opts, scratch: scratchFrom(opts.scratch) });
}

/** Move data from one schema to another across databases (never writes the source). */
export async function convert(
  converter: string,
  from: TargetLike,
  to: TargetLike,
  opts: Omit<ConvertRequest, 'converter' | 'from' | 'to'> = {},
): Promise<ConvertSummary> {
  return convertData({ ...opts, converter, from: targetOf(from), to: targetOf(to) });
}
