// The order of a set's migrations: by parent chain (alembic-style revisions) or by version
// (file conventions). Branches, duplicates and broken chains are found here.

import { VoipdbError } from '../core/errors.js';
import type { Migration, ScriptSet } from './types.js';

/** Compare two file versions numerically part by part: 1.2.10 > 1.2.9, 0010 < 0020. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._-]/);
  const pb = b.split(/[._-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = /^\d+$/.test(x) ? BigInt(x) : null;
    const ny = /^\d+$/.test(y) ? BigInt(y) : null;
    if (nx !== null && ny !== null) {
      if (nx !== ny) return nx < ny ? -1 : 1;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export interface OrderedSet {
  set: ScriptSet;
  /** Versioned (and baseline) migrations, oldest first. */
  versioned: Migration[];
  repeatables: Migration[];
  /** version -> index in `versioned` */
  index: Map<string, number>;
  duplicates: string[];
  heads: string[];
}

export function orderSet(set: ScriptSet): OrderedSet {
  const versioned = set.migrations.filter((m) => m.kind !== 'repeatable');
  const repeatables = set.migrations.filter((m) => m.kind === 'repeatable');
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  for (const m of versioned) {
    seen.set(m.version, (seen.get(m.version) ?? 0) + 1);
  }
  for (const [v, n] of seen) if (n > 1) duplicates.push(v);

  let ordered: Migration[];
  let heads: string[];
  const byParent = versioned.some((m) => m.parent !== undefined);
  if (byParent) {
    const children = new Map<string | null, Migration[]>();
    for (const m of versioned) {
      const p = m.parent ?? null;
      children.set(p, [...(children.get(p) ?? []), m]);
    }
    const bases = children.get(null) ?? [];
    heads = versioned.filter((m) => !children.get(m.version)?.length).map((m) => m.version);
    if (bases.length !== 1 || heads.length !== 1) {
      // Several bases or heads: keep file order and report; upgrade refuses until resolved.
      ordered = versioned;
    } else {
      ordered = [];
      let cur: Migration | undefined = bases[0];
      const guard = new Set<string>();
      while (cur && !guard.has(cur.version)) {
        guard.add(cur.version);
        ordered.push(cur);
        cur = children.get(cur.version)?.[0];
      }
      if (ordered.length !== versioned.length) {
        throw new VoipdbError(
          'integrity',
          `set ${set.name}: ${versioned.length - ordered.length} revision(s) are not on the chain from the base`,
          {
            hint: `voipdb heads --set ${set.name}`,
          },
        );
      }
    }
  } else {
    ordered = [...versioned].sort((a, b) => compareVersions(a.version, b.version));
    heads = ordered.length ? [ordered[ordered.length - 1]!.version] : [];
  }
  const index = new Map<string, number>();
  ordered.forEach((m, i) => index.set(m.version, i));
  return { set, versioned: ordered, repeatables, index, duplicates, heads };
}
