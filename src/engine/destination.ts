// Where a command should take each set: `head`, `base`, a version (or a unique prefix),
// `<set>@<version>`, or a step count (`-1`, `+2`). Not a Target: a Target is a database.

import { VoipdbError } from '../core/errors.js';
import type { SetState } from './planner.js';

export interface Destination {
  /** Only this set moves; the others stay where they are. */
  set?: string;
  /** A version or a unique prefix; 'base' = before the first; undefined = head. */
  version?: string;
  /** Steps from where the set stands (negative: down). */
  relative?: number;
}

export function parseDestination(spec: string | undefined): Destination {
  if (!spec || spec === 'head' || spec === 'heads') return {};
  const at = spec.lastIndexOf('@');
  const set = at > 0 ? spec.slice(0, at) : undefined;
  const v = at > 0 ? spec.slice(at + 1) : spec;
  if (/^[-+]\d+$/.test(v)) return { set, relative: Number(v) };
  return { set, version: v === 'head' ? undefined : v };
}

/** Does the destination name one version (or a step count) rather than every set's head? */
export function isPinned(d: Destination): boolean {
  return d.version !== undefined || d.relative !== undefined;
}

/** The index in the set's ordered versioned list it should end at (-1 = base), or null to leave it alone. */
export function destinationIndex(state: SetState, d: Destination, sets: SetState[]): number | null {
  const last = state.ordered.versioned.length - 1;
  if (d.set && d.set !== state.set.name) return null; // another set: untouched
  if (d.relative !== undefined) {
    const cur = state.current ? state.ordered.index.get(state.current)! : -1;
    return Math.max(-1, Math.min(last, cur + d.relative));
  }
  if (d.version === undefined) return last;
  if (d.version === 'base') return -1;
  const v = d.version;
  const named = (m: { version: string }) => m.version === v || m.version.startsWith(v);
  const matches = state.ordered.versioned.filter(named);
  if (matches.length === 1) return state.ordered.index.get(matches[0]!.version)!;
  if (!d.set) {
    const owners = sets.filter((s) => s.ordered.versioned.some(named));
    if (owners.length === 0) {
      throw new VoipdbError('not-found', `no set has a version "${v}"`, {
        hint: 'voipdb history, or voipdb status to see the versions',
      });
    }
    if (owners.length > 1) {
      const names = owners.map((o) => o.set.name).join(', ');
      throw new VoipdbError('usage', `version "${v}" is in several sets (${names})`, {
        hint: 'name the set: <set>@<version>',
      });
    }
    return null;
  }
  throw new VoipdbError('not-found', `set ${state.set.name} has no version "${v}"`, {
    hint: `voipdb history --set ${state.set.name}`,
  });
}

/** A destination naming a set that is not among those chosen is a mistake, not a no-op. */
export function knownDestinationSet(d: Destination, states: SetState[]): void {
  if (!d.set || states.some((st) => st.set.name === d.set)) return;
  const names = states.map((st) => st.set.name);
  throw new VoipdbError('not-found', `unknown set "${d.set}"`, {
    hint: names.length
      ? `the sets chosen here are: ${names.join(', ')} (name one as <set>@<version>)`
      : 'choose sets with --pack or --dir',
  });
}
