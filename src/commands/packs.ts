// packs: what voipdb ships.

import { isVoipdbError } from '../core/errors.js';
import { loadPack, packNames } from '../packs/index.js';

export interface PackInfo {
  name: string;
  description: string;
  sets: string[];
  /** A pack whose sets come from the user's files (oVirt's dbscripts) lists none, saying what it needs. */
  needs?: string;
  tableGroups: string[];
}

/** The packs voipdb ships, with their sets and table groups. */
export async function packs(): Promise<PackInfo[]> {
  const list: PackInfo[] = [];
  for (const name of packNames()) {
    const p = await loadPack(name);
    let sets: string[] = [];
    let needs: string | undefined;
    try {
      sets = (await p.sets({})).map((s) => s.name);
    } catch (e) {
      if (!isVoipdbError(e) || e.kind !== 'usage') throw e;
      needs = e.hint ? `${e.message} (${e.hint})` : e.message;
    }
    list.push({
      name,
      description: p.description,
      sets,
      ...(needs ? { needs } : {}),
      tableGroups: Object.keys(p.tableGroups ?? {}),
    });
  }
  return list;
}
