// The module groups `kamdbctl create` uses (utils/kamctl/kamdbctl.base): the standard modules
// always, presence, extra and uid tables when the admin says yes. A module kamdbctl puts in no
// group (matrix, the ims_* modules from 6.0) can be chosen on its own. Groups and modules are
// those of a release: extra has secfilter from 5.3, userblocklist instead of userblacklist from
// 5.5, ims_icscf from 5.8.

import { VoipdbError } from '../../core/errors.js';
import { groupsAt, modulesAt, NEWEST, RELEASES, releaseIndex, type Release } from './release.js';
import type { TableSpec } from './table-spec.js';

/** The newest release's groups (table groups for replicate and backup, messages). */
export const GROUPS: Record<string, readonly string[]> = groupsAt(NEWEST);

export const DEFAULT_GROUPS = ['standard'];

/** Every module with a create script in the newest release. */
export const MODULES: Record<string, readonly TableSpec[]> = modulesAt(NEWEST);

/** A choice (group or single module) -> its modules at a release. */
export function modulesOf(choice: string, release: Release = NEWEST): readonly string[] {
  const groups = groupsAt(release);
  if (groups[choice]) return groups[choice]!.filter((m) => modulesAt(release)[m]);
  if (modulesAt(release)[choice]) return [choice];
  const since = RELEASES.find((r) => modulesAt(r)[choice]);
  if (since && releaseIndex(since) > releaseIndex(release)) {
    throw new VoipdbError('usage', `Kamailio module ${choice} has tables from release ${since} on, not in ${release}`, {
      hint: `choose -O release=${since} or later, or leave ${choice} out of -O groups`,
    });
  }
  const all = Object.keys(modulesAt(release));
  throw new VoipdbError('usage', `unknown Kamailio group or module "${choice}"`, {
    hint: `choose groups from: ${Object.keys(groups).join(', ')} (or a module: ${all.join(', ')})`,
  });
}

/** The admin's choice as a list: ['standard', 'presence'] from an array or "standard,presence". */
export function parseChoices(option: unknown, release: Release = NEWEST): string[] {
  const list =
    option === undefined || option === null || option === ''
      ? DEFAULT_GROUPS
      : Array.isArray(option)
        ? option.map(String)
        : String(option).split(',');
  const chosen = [...new Set(list.map((s) => s.trim()).filter(Boolean))];
  const out = chosen.length ? chosen : [...DEFAULT_GROUPS];
  const owner = new Map<string, string>();
  const tableOwner = new Map<string, string>();
  for (const c of out) {
    for (const m of modulesOf(c, release)) {
      const prev = owner.get(m);
      if (prev)
        throw new VoipdbError('usage', `Kamailio module ${m} is chosen twice (${prev} and ${c})`, {
          hint: `drop one of them from --groups`,
        });
      owner.set(m, c);
      // ims_dialog (6.0) has a dialog_vars table of its own, unlike the dialog module's.
      for (const t of modulesAt(release)[m]!) {
        const had = tableOwner.get(t.name);
        if (had) {
          throw new VoipdbError(
            'usage',
            `Kamailio modules ${had} and ${m} both have a table ${t.name}, each its own: they cannot share a database`,
            {
              hint: `choose one of them in -O groups (kamdbctl creates neither ims_* module)`,
            },
          );
        }
        tableOwner.set(t.name, m);
      }
    }
  }
  return out;
}

export function tablesOf(choice: string, release: Release = NEWEST): TableSpec[] {
  return modulesOf(choice, release).flatMap((m) => [...modulesAt(release)[m]!]);
}

/** The first release at which a choice has tables (5.0 for the groups; 6.0 for ims_dialog). */
export function firstReleaseOf(choice: string): Release {
  return RELEASES.find((r) => groupsAt(r)[choice] || modulesAt(r)[choice]) ?? NEWEST;
}
