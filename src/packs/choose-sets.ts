// Which script sets a command works on: directories, packs with their options, an alembic
// script_location, a voipdb.json's choices, or (nothing chosen) the packs whose sets the database
// already records, with the options stored at their last upgrade. One resolution for the
// commands (src/commands) and the fleet (src/ops/fleet), which sit above this layer.

import type { DirChoice, PackChoice } from '../core/config.js';
import { VoipdbError } from '../core/errors.js';
import type { Connection } from '../db/connection.js';
import { readSetHistory, readSetOptions } from '../engine/status.js';
import { loadDirectorySet, type Convention } from '../engine/sources.js';
import type { ScriptSet } from '../engine/types.js';
import { loadPack, packOfSet } from './index.js';

export interface SetChoice {
  /** Directories of migration files, each a set. */
  dirs?: string[];
  /** The naming convention of those directories (detected when not given). */
  convention?: Convention;
  /** Packs by name (with `options`), or with their own options and sets. */
  packs?: (string | PackChoice)[];
  /** Pack options for the packs named by name (e.g. { exclude: ['sip'] }). */
  options?: Record<string, unknown>;
  /** Only these sets (`asterisk/config`, or `config`). */
  sets?: string[];
  /** Directory sets from a configuration file. */
  dirSets?: DirChoice[];
  /** An alembic.ini's script_location: that Asterisk set. */
  alembicScriptLocation?: string;
  /** Sets built already (a program's own): used as they are. */
  scriptSets?: ScriptSet[];
}

const named = (w: string, name: string) => name === w || name.endsWith('/' + w);

export interface ResolveOptions {
  /** A set a pack choice names that the pack does not have is an error (the fleet's inventories). */
  strict?: boolean;
}

/**
 * One pack's sets for a choice: built with its options (which each set keeps), only those
 * `wanted` (the pack's default sets when none are named). `offered`: every set the pack has.
 */
export async function packSets(
  name: string,
  options: Record<string, unknown>,
  wanted: string[] | undefined,
  opts: ResolveOptions = {},
): Promise<{ sets: ScriptSet[]; offered: string[] }> {
  const pack = await loadPack(name);
  const all = await pack.sets(options);
  const want = wanted ?? pack.defaultSets;
  const isWanted = (w: string, s: ScriptSet) => s.name === w || s.name === `${pack.name}/${w}`;
  if (want?.length && opts.strict) {
    const unknown = want.filter((w) => !all.some((s) => isWanted(w, s)));
    if (unknown.length) {
      throw new VoipdbError('not-found', `pack ${pack.name} has no set "${unknown[0]}"`, {
        hint: `its sets: ${all.map((s) => s.name).join(', ')}`,
      });
    }
  }
  const chosen = want?.length ? all.filter((s) => want.some((w) => isWanted(w, s))) : all;
  return {
    sets: chosen.map((s) => ({ ...s, options: { ...(s.options ?? {}), ...options } })),
    offered: all.map((s) => s.name),
  };
}

/** The sets a choice names; `conn` lets an empty choice fall back to what the database records. */
export async function resolveSets(
  choice: SetChoice,
  conn?: Connection,
  resolve: ResolveOptions = {},
): Promise<ScriptSet[]> {
  const sets: ScriptSet[] = [...(choice.scriptSets ?? [])];
  for (const d of choice.dirs ?? []) sets.push(await loadDirectorySet(d, { convention: choice.convention }));
  for (const d of choice.dirSets ?? []) {
    sets.push(await loadDirectorySet(d.dir, { name: d.name, convention: d.convention as Convention | undefined }));
  }
  const options = choice.options ?? {};
  const packChoices: PackChoice[] = (choice.packs ?? []).map((p) => (typeof p === 'string' ? { name: p, options } : p));
  if (choice.alembicScriptLocation) {
    const loc = choice.alembicScriptLocation.replace(/\/+$/, '').split('/').pop()!;
    packChoices.push({ name: 'asterisk', options, sets: [`asterisk/${loc}`] });
  }
  const stored = conn ? await readSetOptions(conn).catch(() => ({}) as Record<string, Record<string, unknown>>) : {};
  // Nothing chosen: the packs whose sets this database already records.
  if (!packChoices.length && !sets.length && conn) {
    const names = new Set(Object.keys(stored));
    for (const r of await readSetHistory(conn).catch(() => [])) names.add(r.set_name);
    const packsFound = new Set([...names].map(packOfSet).filter((p): p is string => !!p));
    for (const p of packsFound)
      packChoices.push({ name: p, options: {}, sets: [...names].filter((n) => packOfSet(n) === p) });
  }
  const offered = sets.map((s) => s.name);
  for (const c of packChoices) {
    const storedOpts = Object.entries(stored).find(([k]) => packOfSet(k) === c.name)?.[1] ?? {};
    const opts = Object.keys(c.options ?? {}).length ? c.options! : storedOpts;
    const wanted = c.sets ?? (choice.sets?.length ? choice.sets : undefined);
    const found = await packSets(c.name, opts, wanted, resolve);
    offered.push(...found.offered);
    // Options given this time: keep what the database recorded, to explain scripts that render otherwise.
    const given = Object.keys(c.options ?? {}).length > 0;
    sets.push(...found.sets.map((s) => (given ? { ...s, recordedOptions: stored[s.name] ?? {} } : s)));
  }
  // Packs may share sets (ominis includes freeswitch's): one set, one name.
  const unique = [...new Map(sets.map((s) => [s.name, s])).values()];
  if (!choice.sets?.length) return unique;
  // A set the user names that does not exist is a mistake, not an empty choice.
  const unknown = choice.sets.filter((w) => !unique.some((s) => named(w, s.name)));
  if (unknown.length) {
    const known = [...new Set(offered)];
    throw new VoipdbError('not-found', `unknown set ${unknown.map((w) => `"${w}"`).join(', ')}`, {
      hint: known.length
        ? `the sets here are: ${known.join(', ')}`
        : 'give --pack <name> or --dir <directory>; voipdb packs lists the packs',
    });
  }
  return unique.filter((s) => choice.sets!.some((w) => named(w, s.name)));
}

export function requireSets(sets: ScriptSet[]): ScriptSet[] {
  if (!sets.length) {
    throw new VoipdbError('usage', 'no script sets chosen', {
      hint: 'give --dir <directory> or --pack <name> (or a voipdb.json with "sets"/"packs")',
    });
  }
  return sets;
}

/** The sets of a choice, required to be some. */
export async function chosenSets(choice: SetChoice, conn?: Connection): Promise<ScriptSet[]> {
  return requireSets(await resolveSets(choice, conn));
}
