// Where each set stands and what an upgrade would do, computed before anything runs:
// applied, pending, partial (a failed non-transactional migration), changed repeatables,
// and the problems a careful admin wants to hear about first.

import type { DialectName } from '../db/url.js';
import { historyKey, INSTALL_KIND, isApplied, type HistoryRow } from './history.js';
import { compareVersions, orderSet, type OrderedSet } from './order.js';
import { renderSet, renderBody, type RenderedMigration } from './render.js';
import { checksum } from './checksum.js';
import type { Migration, ScriptSet } from './types.js';

export type ProblemKind =
  | 'edited'
  | 'missing'
  | 'out-of-order'
  | 'gap'
  | 'duplicate'
  | 'multiple-heads'
  | 'failed'
  | 'drift'
  | 'version-record'
  | 'retired'
  | 'inside-base';

export interface Problem {
  kind: ProblemKind;
  set: string;
  version?: string;
  script?: string;
  message: string;
  hint: string;
  /** Blocks an upgrade unless the admin overrides it. */
  blocking: boolean;
}

/** A migration whose statement-by-statement run stopped part-way: where its history row says it stopped. */
export interface PartialMigration {
  rendered: RenderedMigration;
  row: HistoryRow;
}

export interface SetState {
  set: ScriptSet;
  ordered: OrderedSet;
  rendered: RenderedMigration[];
  /** Latest row per history key. */
  rows: Map<string, HistoryRow>;
  current: string | null;
  head: string | null;
  applied: number;
  pending: RenderedMigration[];
  /** Pending migrations whose checksum was already installed under another version (oVirt cherry-picks). */
  alreadyInstalled: Map<string, string>;
  partial?: PartialMigration;
  /** A fresh install (head schema in one step) that stopped part-way; the next upgrade resumes it. */
  partialInstall?: HistoryRow;
  repeatablesChanged: Migration[];
  /** Why each of them counts as changed: the checksum recorded when it last ran (none: never ran) and its checksum now. */
  repeatableChecksums: { script: string; recorded?: string; now: string }[];
  /** Re-entrant pre/post-upgrade hooks whose text changed since they last ran: the next upgrade runs the hooks. */
  hooksChanged: Migration[];
  /** A base (a squash's) this database never ran, standing for the versions it had applied up to it. */
  baseCovered?: string;
  problems: Problem[];
  upToDate: boolean;
}

export interface PlanOptions {
  outOfOrder?: boolean;
  ignoreChecksums?: boolean;
  ignoreMissing?: boolean;
  /** Run new scripts past a hole in an oVirt series' numbering that the database never recorded. */
  allowGaps?: boolean;
}

export function planSet(
  set: ScriptSet,
  dialect: DialectName,
  latest: Map<string, HistoryRow> | undefined,
  options: Record<string, unknown>,
): SetState {
  const rows = latest ?? new Map<string, HistoryRow>();
  const ordered = orderSet(set);
  const rendered = renderSet(set, ordered.versioned, dialect, options);
  const problems: Problem[] = [];
  const name = set.name;

  for (const v of ordered.duplicates) {
    const files = set.migrations.filter((m) => m.version === v).map((m) => m.script);
    problems.push({
      kind: 'duplicate',
      set: name,
      version: v,
      message: `version ${v} is used by ${files.join(' and ')}`,
      hint: `rename one of them to a new version, then run voipdb check`,
      blocking: true,
    });
  }
  if (ordered.heads.length > 1) {
    problems.push({
      kind: 'multiple-heads',
      set: name,
      message: `the set has ${ordered.heads.length} heads (${ordered.heads.join(', ')})`,
      hint: `point one head's parent at the other, then run voipdb heads`,
      blocking: true,
    });
  }

  let current: string | null = null;
  let highestApplied = -1;
  let applied = 0;
  const pending: RenderedMigration[] = [];
  let partial: PartialMigration | undefined;
  const installedSums = new Map<string, string>();
  for (const [, r] of rows) if (isApplied(r) && r.checksum && r.version) installedSums.set(r.checksum, r.version);

  // A base this database never ran (a squash folded scripts it had applied into a new base) stands
  // for every version up to it, once the database has reached the base's version.
  const baseline = rendered.find((rm) => rm.migration.kind === 'baseline')?.migration;
  const recorded = [...rows]
    .filter(([key, r]) => key.startsWith('V:') && isApplied(r) && r.version)
    .map(([, r]) => r.version!);
  let baseCovered: string | undefined;
  if (
    baseline &&
    rows.get(historyKey('baseline', baseline.version, baseline.script))?.kind !== 'baseline' &&
    recorded.length
  ) {
    baseCovered = baseline.version;
    const reached = [...recorded].sort(compareVersions).at(-1)!;
    if (compareVersions(reached, baseline.version) < 0) {
      problems.push({
        kind: 'inside-base',
        set: name,
        version: reached,
        message: `this database is at ${reached}, inside what the base folds (up to ${baseline.version}): the scripts between are no longer in the set`,
        hint: `upgrade it to ${baseline.version} with the scripts from before the squash, then run voipdb upgrade again`,
        blocking: true,
      });
    }
  }

  rendered.forEach((rm, i) => {
    const row = rows.get(historyKey('versioned', rm.migration.version, rm.migration.script));
    if (rm.migration === baseline && baseCovered) {
      applied++;
      highestApplied = i;
      current = rm.migration.version;
    } else if (isApplied(row)) {
      applied++;
      highestApplied = i;
      current = rm.migration.version;
      if (
        !ordered.duplicates.includes(rm.migration.version) &&
        row!.state !== 'skipped' &&
        row!.checksum &&
        row!.checksum !== rm.checksum &&
        rm.up.applies
      ) {
        const optionsChanged = optionsDiffer(set);
        problems.push({
          kind: 'edited',
          set: name,
          version: rm.migration.version,
          script: rm.migration.script,
          message: optionsChanged
            ? `${rm.migration.script} renders otherwise with the options given (${optionsChanged.given}) than with those the set was installed with (${optionsChanged.recorded}): options choose what a set creates when it is installed`
            : `${rm.migration.script} was changed after it was applied (checksum ${row!.checksum.slice(0, 12)}…, now ${rm.checksum.slice(0, 12)}…)`,
          hint: optionsChanged
            ? 'run the command again without -O: the set keeps the options it was installed with'
            : `restore the applied text, or accept the new text with: voipdb repair --set ${name}`,
          blocking: true,
        });
      }
    } else if (row && (row.state === 'failed' || row.state === 'running') && !partial) {
      partial = { rendered: rm, row };
      pending.push(rm);
    } else {
      pending.push(rm);
    }
  });

  if (partial) {
    const p = partial;
    problems.push({
      kind: 'failed',
      set: name,
      version: p.rendered.migration.version,
      script: p.rendered.migration.script,
      ...stoppedOrFailed(p.rendered.migration.script, p.row),
      blocking: false,
    });
  }

  const install = [...rows.values()].find((r) => r.kind === INSTALL_KIND);
  const partialInstall = install && !isApplied(install) ? install : undefined;
  if (partialInstall) {
    problems.push({
      kind: 'failed',
      set: name,
      script: partialInstall.script,
      ...stoppedOrFailed(`the fresh install of ${name}`, partialInstall),
      blocking: false,
    });
  }

  for (const rm of pending) {
    const i = ordered.index.get(rm.migration.version)!;
    if (i < highestApplied) {
      problems.push({
        kind: 'out-of-order',
        set: name,
        version: rm.migration.version,
        script: rm.migration.script,
        message: `${rm.migration.script} is older than the applied version ${current} and was never applied`,
        hint: `apply it with: voipdb upgrade --out-of-order (or renumber it above ${current})`,
        blocking: true,
      });
    }
  }

  // oVirt: a script whose checksum is already installed under another version is skipped.
  const alreadyInstalled = new Map<string, string>();
  if (set.convention === 'ovirt') {
    // ...including by an earlier script of this same run.
    const sums = new Map(installedSums);
    for (const rm of pending) {
      const v = sums.get(rm.checksum);
      if (v && v !== rm.migration.version) alreadyInstalled.set(rm.migration.version, v);
      else if (rm.up.applies && !sums.has(rm.checksum)) sums.set(rm.checksum, rm.migration.version);
    }
    // Gap rule: within a major.minor, a new script follows the version before it by at most 10.
    // Versions the database recorded count: scripts removed after they ran (configuration
    // scripts squashed into config.sql) leave holes in the tree, not in the database.
    const versions = [...new Set([...rendered.map((rm) => rm.migration.version), ...recorded])].sort(compareVersions);
    for (const rm of pending) {
      const v = rm.migration.version;
      const prev = versions[versions.indexOf(v) - 1];
      if (prev && v.slice(0, 4) === prev.slice(0, 4) && Number(v.slice(4)) - Number(prev.slice(4)) > 10) {
        problems.push({
          kind: 'gap',
          set: name,
          version: v,
          script: rm.migration.script,
          message: `illegal version ${v}: more than 10 after ${prev}, and this database never recorded a version between`,
          hint: `renumber ${rm.migration.script} to follow ${prev} by 10, or run with --allow-gaps if the numbers between were left out on purpose`,
          blocking: true,
        });
      }
    }
  }

  const known = new Set(rendered.map((r) => historyKey('versioned', r.migration.version, r.migration.script)));
  for (const m of set.retired ?? []) {
    const key = historyKey('versioned', m.version, m.script);
    known.add(key);
    if (!isApplied(rows.get(key))) continue;
    problems.push({
      kind: 'retired',
      set: name,
      version: m.version,
      script: m.script,
      message:
        `${m.script} (version ${m.version}) is applied but belongs to no release: ` +
        `${m.description} is undone by the next upgrade`,
      hint: `voipdb upgrade (or voipdb repair) undoes it and moves the record back to ${m.parent ?? 'base'}`,
      blocking: false,
    });
  }
  for (const [key, row] of rows) {
    // Versions a base stands for are folded into it, not missing.
    const folded = !!baseline && !!row.version && compareVersions(row.version, baseline.version) <= 0;
    if (key.startsWith('V:') && isApplied(row) && !known.has(key) && !folded) {
      problems.push({
        kind: 'missing',
        set: name,
        version: row.version ?? undefined,
        script: row.script,
        message: `${row.script} (version ${row.version}) is applied but no longer in the set`,
        hint: `restore ${row.script}, or run with --ignore-missing if it was removed on purpose`,
        blocking: true,
      });
    }
  }

  const model = rendered.at(-1)?.modelAfter ?? {
    tables: {},
    indexes: {},
    enums: {},
    views: {},
    triggers: {},
    functions: {},
  };
  const repeatableChecksums: SetState['repeatableChecksums'] = [];
  const repeatablesChanged = ordered.repeatables.filter((m) => {
    const row = rows.get(historyKey('repeatable', null, m.script));
    const body = renderBody(m.up, dialect, model, set, { dialect, options }).body;
    if (!body.applies) return false;
    const now = checksum(body.text);
    if (row && row.state === 'applied' && row.checksum === now) return false;
    repeatableChecksums.push({
      script: m.script,
      recorded: row?.state === 'applied' ? (row.checksum ?? undefined) : undefined,
      now,
    });
    return true;
  });

  // Re-entrant hooks (oVirt's config.sql) run on every upgrade with work to do; one whose text
  // changed since it last ran is such work. Steps voipdb makes itself (scripts in brackets) are not
  // the admin's text. A hook never run counts once hooks ran here before (a file added later).
  const hookRows = (kind: 'pre' | 'post') =>
    [...rows.keys()].some((k) => k.startsWith(`${kind}:`) && !k.startsWith(`${kind}:(`));
  const hooksChanged = (['pre', 'post'] as const).flatMap((kind) =>
    (kind === 'pre' ? (set.preUpgrade ?? []) : (set.postUpgrade ?? [])).filter((m) => {
      if (m.script.startsWith('(')) return false;
      const body = renderBody(m.up, dialect, model, set, { dialect, options }).body;
      if (!body.applies) return false;
      const row = rows.get(historyKey(kind, null, m.script));
      return row ? row.checksum !== checksum(body.text) : hookRows(kind);
    }),
  );

  const head = ordered.versioned.length ? ordered.versioned[ordered.versioned.length - 1]!.version : null;
  return {
    set,
    ordered,
    rendered,
    rows,
    current,
    head,
    applied,
    pending,
    alreadyInstalled,
    partial,
    partialInstall,
    repeatablesChanged,
    repeatableChecksums,
    hooksChanged,
    baseCovered,
    problems,
    upToDate:
      pending.length === 0 && repeatablesChanged.length === 0 && hooksChanged.length === 0 && problems.length === 0,
  };
}

export function blockingProblems(states: SetState[], opts: PlanOptions): Problem[] {
  return states.flatMap((s) =>
    s.problems.filter(
      (p) =>
        p.blocking &&
        !(p.kind === 'out-of-order' && opts.outOfOrder) &&
        !(p.kind === 'edited' && opts.ignoreChecksums) &&
        !(p.kind === 'missing' && opts.ignoreMissing) &&
        !(p.kind === 'gap' && opts.allowGaps),
    ),
  );
}

/** Sets ordered so that a set comes after the sets it depends on. */
export function orderSets(sets: ScriptSet[]): ScriptSet[] {
  const byName = new Map(sets.map((s) => [s.name, s]));
  const out: ScriptSet[] = [];
  const seen = new Set<string>();
  const visit = (s: ScriptSet) => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    for (const d of s.dependsOn ?? []) {
      const dep = byName.get(d);
      if (dep) visit(dep);
    }
    out.push(s);
  };
  sets.forEach(visit);
  return out;
}

/** A row still 'running' was stopped (killed, interrupted, its server gone) — or is running now. */
function stoppedOrFailed(what: string, row: HistoryRow): { message: string; hint: string } {
  const at = row.statements_done + 1;
  if (row.state === 'running') {
    return {
      message: `${what} is running, or was stopped at statement ${at}`,
      hint: `unless an upgrade is running now, run voipdb upgrade: it continues at statement ${at}`,
    };
  }
  return {
    message: `${what} failed at statement ${at}${row.error ? ': ' + row.error : ''}`,
    hint: `fix the cause, then run voipdb upgrade: it resumes at statement ${at}`,
  };
}

/** The options given and those the database recorded, spelled, when a set was given others. */
function optionsDiffer(set: ScriptSet): { given: string; recorded: string } | undefined {
  if (!set.recordedOptions) return undefined;
  const [given, recorded] = [JSON.stringify(set.options ?? {}), JSON.stringify(set.recordedOptions)];
  return given === recorded ? undefined : { given, recorded: recorded === '{}' ? 'none' : recorded };
}
