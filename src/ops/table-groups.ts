// Table groups: named sets of tables (ha, network, support, callcenter_stats, ...) that replicate,
// backup and restore include or leave out. Groups come from packs and from configuration; a
// group named in both holds the tables of both. Entries may end in `*` (`stat_*`).

import { VoipdbError } from '../core/errors.js';
import type { TableGroups } from '../engine/types.js';

/** What the XiVO 14.08 note leaves out of master→standby replication. */
export const DEFAULT_REPLICATE_EXCLUDE = ['ha', 'network', 'support', 'callcenter_stats'];
/** This machine's own configuration, kept by `restore --keep-system-config`. */
export const SYSTEM_CONFIG_GROUPS = ['ha', 'network', 'support'];

export interface GroupSource {
  /** Where the groups come from: a pack name or "configuration". */
  origin: string;
  groups?: TableGroups;
}

export function mergeGroups(sources: GroupSource[]): TableGroups {
  const out: TableGroups = {};
  for (const s of sources) {
    for (const [name, tables] of Object.entries(s.groups ?? {})) {
      const list = (out[name] ??= []);
      for (const t of tables) if (!list.includes(t)) list.push(t);
    }
  }
  return out;
}

/** `network=dhcp,netiface,resolvconf` (command line / configuration form). */
export function parseGroupSpec(spec: string): TableGroups {
  const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(spec.trim());
  if (!m) {
    throw new VoipdbError('usage', `a table group is written name=table1,table2 (got "${spec}")`, {
      hint: 'for example: --group network=dhcp,netiface,resolvconf',
    });
  }
  return {
    [m[1]!]: m[2]!
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  };
}

function matches(pattern: string, table: string): boolean {
  if (pattern.endsWith('*')) return table.startsWith(pattern.slice(0, -1));
  return pattern === table;
}

export interface Partition {
  included: string[];
  /** Excluded table -> the group that excluded it. */
  excluded: Map<string, string>;
  /** Groups asked for that no pack or configuration defines (only when not strict). */
  unknownGroups: string[];
}

/**
 * Split `tables` into those kept and those left out by `exclude` (group names).
 * Strict: an unknown group name is a usage error (the admin typed it); defaults are not strict.
 */
export function partitionTables(
  tables: string[],
  groups: TableGroups,
  exclude: string[],
  opts: { strict?: boolean } = {},
): Partition {
  const excluded = new Map<string, string>();
  const unknownGroups: string[] = [];
  for (const g of exclude) {
    const patterns = groups[g];
    if (!patterns) {
      if (opts.strict) {
        const known = Object.keys(groups).sort();
        throw new VoipdbError('usage', `unknown table group "${g}"`, {
          hint: known.length
            ? `known groups: ${known.join(', ')} (or define it: --group ${g}=table1,table2)`
            : `define it: --group ${g}=table1,table2, or choose a pack with --pack`,
        });
      }
      unknownGroups.push(g);
      continue;
    }
    for (const t of tables) if (!excluded.has(t) && patterns.some((p) => matches(p, t))) excluded.set(t, g);
  }
  return { included: tables.filter((t) => !excluded.has(t)), excluded, unknownGroups };
}

/** The tables of `names` groups present among `tables`. */
export function tablesOfGroups(
  tables: string[],
  groups: TableGroups,
  names: string[],
  opts: { strict?: boolean } = {},
): string[] {
  return [...partitionTables(tables, groups, names, opts).excluded.keys()];
}

/** A pack's groups and the groups it leaves out by default per operation. */
export interface GroupPack {
  name: string;
  tableGroups?: TableGroups;
  groupDefaults?: { replicateExclude?: string[]; systemConfig?: string[] };
}

export interface GroupSettings {
  groups: TableGroups;
  /** Groups replicate leaves out when none is named. */
  replicateExclude: string[];
  /** Groups restore --keep-system-config keeps. */
  systemConfig: string[];
}

/** Groups from the chosen packs, then configuration, then `--group name=t1,t2` flags. */
export function groupSettings(packs: GroupPack[], configGroups?: TableGroups, specs: string[] = []): GroupSettings {
  const groups = mergeGroups([
    ...packs.map((p) => ({ origin: p.name, groups: p.tableGroups })),
    { origin: 'configuration', groups: configGroups },
    ...specs.map((s) => ({ origin: '--group', groups: parseGroupSpec(s) })),
  ]);
  const union = (pick: (p: GroupPack) => string[] | undefined, dflt: string[]) => {
    const lists = packs.map(pick).filter((l): l is string[] => !!l);
    return lists.length ? [...new Set([...dflt, ...lists.flat()])] : dflt;
  };
  return {
    groups,
    replicateExclude: union((p) => p.groupDefaults?.replicateExclude, DEFAULT_REPLICATE_EXCLUDE),
    systemConfig: union((p) => p.groupDefaults?.systemConfig, SYSTEM_CONFIG_GROUPS),
  };
}

/** groupSettings for packs named (loaded from voipdb's pack registry). */
export async function loadGroupSettings(
  packNames: string[],
  configGroups?: TableGroups,
  specs: string[] = [],
): Promise<GroupSettings> {
  const { loadPack } = await import('../packs/index.js');
  const packs = await Promise.all([...new Set(packNames)].map((n) => loadPack(n)));
  return groupSettings(packs as GroupPack[], configGroups, specs);
}
