// What packs do around a command on their sets (XiVO's legacy switch before an upgrade, its
// legacy scripts' line in a check), and what a command says about the sets before it runs.

import { silent } from '../core/events.js';
import type { EngineOptions } from '../engine/commands.js';
import { unmatchedWarning } from '../engine/sources.js';
import type { Pack, PackHookContext, ScriptSet } from '../engine/types.js';
import { merge as mergeDatabases } from '../ops/merge.js';
import { loadPack, packOfSet } from '../packs/index.js';
import type { SetChoice } from './sets.js';

/** Options every command on sets takes: which sets, how to run, what the packs' hooks read. */
export type SetsOptions = SetChoice & EngineOptions & { packSettings?: Record<string, unknown> };

export function hookContext(opts: SetsOptions): PackHookContext {
  return { settings: opts.packSettings ?? {}, events: opts.events ?? silent, fold: mergeDatabases };
}

/** Directory files no naming convention matched: they are not run, and the user is told. */
export function setWarnings(sets: ScriptSet[]): string[] {
  return sets.map(unmatchedWarning).filter((w): w is string => !!w);
}

/** The packs whose sets are chosen (and XiVO's when its legacy settings are given). */
export async function packsOf(sets: ScriptSet[], opts: SetsOptions): Promise<Pack[]> {
  const names = new Set(sets.map((s) => packOfSet(s.name)).filter((p): p is string => !!p));
  if (opts.packSettings?.legacyStateDir) names.add('xivo');
  return Promise.all([...names].map((n) => loadPack(n)));
}
