// Which Kamailio release: the ones the pack knows (releases.ts, generated from the tags), the
// tables and kamdbctl groups of each, the admin's `-O release=` choice, and the release the
// Kamailio installed on this machine reports (`kamailio -v`), which is the default.

import { spawnSync } from 'node:child_process';
import { VoipdbError } from '../../core/errors.js';
import { RELEASE_GROUPS, RELEASE_TABLES, RELEASE_TAGS, type Release } from './releases.js';
import type { TableSpec } from './table-spec.js';

export type { Release } from './releases.js';
export { RELEASE_TAGS } from './releases.js';

/** Oldest first. */
export const RELEASES = Object.keys(RELEASE_TAGS) as Release[];
export const NEWEST: Release = RELEASES.at(-1)!;

export const isRelease = (s: string): s is Release => (RELEASES as string[]).includes(s);
export const releaseIndex = (r: Release): number => RELEASES.indexOf(r);

const modulesCache = new Map<Release, Record<string, TableSpec[]>>();

/** Module -> its tables (kamdbctl's order) at a release: the first release whole, then each delta applied. */
export function modulesAt(release: Release): Record<string, TableSpec[]> {
  const cached = modulesCache.get(release);
  if (cached) return cached;
  const i = releaseIndex(release);
  const prev: Record<string, TableSpec[]> = i > 0 ? modulesAt(RELEASES[i - 1]!) : {};
  const out: Record<string, TableSpec[]> = { ...prev };
  for (const [mod, tables] of Object.entries(RELEASE_TABLES[release])) {
    if (tables === null) {
      delete out[mod];
      continue;
    }
    const list = [...(out[mod] ?? [])];
    for (const [name, spec] of Object.entries(tables)) {
      const at = list.findIndex((t) => t.name === name);
      if (spec === null) list.splice(at, 1);
      else if (at >= 0) list[at] = spec;
      else list.push(spec);
    }
    out[mod] = list;
  }
  modulesCache.set(release, out);
  return out;
}

/** kamdbctl.base's groups at a release (standard, presence, extra, uid). */
export function groupsAt(release: Release): Record<string, readonly string[]> {
  let found: Record<string, readonly string[]> | undefined;
  for (const r of RELEASES.slice(0, releaseIndex(release) + 1)) found = RELEASE_GROUPS[r] ?? found;
  return found!;
}

/** "5.8", "5.8.2" or "v5.8" -> "5.8"; undefined for another series. */
export function seriesOf(version: string): Release | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?/.exec(version.trim());
  const s = m ? `${m[1]}.${m[2]}` : '';
  return isRelease(s) ? s : undefined;
}

export interface InstalledKamailio {
  /** What `kamailio -v` says: "5.6.3". */
  version: string;
  /** Its series when the pack knows it. */
  release?: Release;
}

let installedCache: InstalledKamailio | null | undefined;

/** The Kamailio on this machine (PATH, then /usr/sbin), by `kamailio -v`; undefined when there is none. */
export function installedKamailio(): InstalledKamailio | undefined {
  if (installedCache !== undefined) return installedCache ?? undefined;
  installedCache = null;
  // VOIPDB_KAMAILIO names the program (tests; a Kamailio outside PATH); "none" means there is none.
  const programs = process.env.VOIPDB_KAMAILIO
    ? [process.env.VOIPDB_KAMAILIO]
    : ['kamailio', '/usr/sbin/kamailio', '/usr/local/sbin/kamailio'];
  for (const p of programs) {
    if (p === 'none') break;
    const r = spawnSync(p, ['-v'], { encoding: 'utf8', timeout: 5000 });
    const m = /version:\s*kamailio\s+(\d+\.\d+\.\d+\S*)/.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    if (m) {
      installedCache = { version: m[1]!, release: seriesOf(m[1]!) };
      break;
    }
  }
  return installedCache ?? undefined;
}

/** The admin's `release` option, else the installed Kamailio's series, else the newest release. */
export function chosenRelease(option: unknown): Release {
  if (option !== undefined && option !== null && option !== '') {
    const r = seriesOf(String(option));
    if (!r) {
      throw new VoipdbError('usage', `unknown Kamailio release "${String(option)}"`, {
        hint: `choose -O release=<one of ${RELEASES.join(', ')}>`,
      });
    }
    return r;
  }
  return installedKamailio()?.release ?? NEWEST;
}
