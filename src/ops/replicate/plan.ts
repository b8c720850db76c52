// What a one-shot or continuous sync will copy, checked before anything is written: the
// included tables (parents first), the excluded ones and the group that left each out, the
// sequences, and that the standby already has the master's schema.

import { VoipdbError } from '../../core/errors.js';
import type { EventSink } from '../../core/events.js';
import type { Connection } from '../../db/connection.js';
import type { TableGroups } from '../../engine/types.js';
import { catalogOf, parentsFirst, type ColumnInfo } from '../catalog.js';
import { DEFAULT_REPLICATE_EXCLUDE, partitionTables } from '../table-groups.js';

export interface ReplicateOptions {
  /** Table groups known here (packs + configuration). */
  groups?: TableGroups;
  /** Groups left out, named by the admin (an unknown name is an error). */
  excludeGroups?: string[];
  /** Groups left out when none is named (those defined here): default ha, network, support, callcenter_stats. */
  defaultExcludeGroups?: string[];
  /** Extra tables left out by name. */
  excludeTables?: string[];
  events?: EventSink;
}

export interface ReplicatePlan {
  included: string[];
  /** Table -> group (or "--exclude-table") that left it out. */
  excluded: Map<string, string>;
  /** Sequences / counters copied with the included tables. */
  sequences: string[];
  /** Included tables referenced by foreign keys from tables left as they are on the standby. */
  referencedFromOutside: Set<string>;
  unknownGroups: string[];
}

function sameColumns(a: ColumnInfo[], b: ColumnInfo[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type === b[i]!.type);
}

/** What a sync would do, checked against the standby before anything is written. */
export async function planReplicate(
  master: Connection,
  standby: Connection,
  opts: ReplicateOptions = {},
): Promise<ReplicatePlan> {
  if (master.dialect !== standby.dialect) {
    throw new VoipdbError(
      'usage',
      `the master is ${master.dialect} and the standby ${standby.dialect}: replicate copies between databases of one kind`,
      {
        hint: 'to move data across database kinds use: voipdb convert --from <url> --to <url>',
      },
    );
  }
  const cat = catalogOf(master);
  const tables = await cat.tables(master);
  const strict = opts.excludeGroups !== undefined;
  const part = partitionTables(
    tables,
    opts.groups ?? {},
    opts.excludeGroups ?? opts.defaultExcludeGroups ?? DEFAULT_REPLICATE_EXCLUDE,
    { strict },
  );
  for (const t of opts.excludeTables ?? []) if (tables.includes(t)) part.excluded.set(t, '--exclude-table');
  const included = tables.filter((t) => !part.excluded.has(t));

  // The standby must already have the master's schema (replicate moves rows, as XiVO's did).
  const standbyTables = new Set(await catalogOf(standby).tables(standby));
  const problems: string[] = [];
  for (const t of included) {
    if (!standbyTables.has(t)) {
      problems.push(`table ${t} is missing`);
      continue;
    }
    const [mc, sc] = [await cat.columns(master, t), await catalogOf(standby).columns(standby, t)];
    if (!sameColumns(mc, sc)) problems.push(`table ${t} has other columns`);
  }
  const masterSeqs = await cat.sequences(master);
  const sequences = masterSeqs.filter((s) => !s.table || !part.excluded.has(s.table)).map((s) => s.name);
  if (cat.standaloneSequences) {
    const standbySeqs = new Set((await catalogOf(standby).sequences(standby)).map((s) => s.name));
    for (const s of sequences) if (!standbySeqs.has(s)) problems.push(`sequence ${s} is missing`);
  }
  if (problems.length) {
    throw new VoipdbError(
      'refused',
      `the standby's schema differs from the master's: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
      {
        where: standby.target.display,
        hint: "bring the standby to the master's version first (voipdb upgrade <standby-url>), then run replicate again",
      },
    );
  }

  const includedSet = new Set(included);
  const referencedFromOutside = new Set<string>();
  for (const fk of await catalogOf(standby).foreignKeys(standby)) {
    if (includedSet.has(fk.refTable) && !includedSet.has(fk.table)) referencedFromOutside.add(fk.refTable);
  }
  const ordered = parentsFirst(included, await cat.foreignKeys(master));
  return {
    included: ordered,
    excluded: part.excluded,
    sequences,
    referencedFromOutside,
    unknownGroups: part.unknownGroups,
  };
}
