// The packs voipdb ships, loaded only when named.

import { VoipdbError } from '../core/errors.js';
import type { Pack } from '../engine/types.js';

const packs: Record<string, () => Promise<Pack>> = {
  asterisk: async () => (await import('./asterisk/index.js')).asteriskPack,
  kamailio: async () => (await import('./kamailio/index.js')).kamailioPack,
  'ser-0.9': async () => (await import('./ser/ser09.js')).ser09Pack,
  'ser-2.0': async () => (await import('./ser/ser20.js')).ser20Pack,
  freeswitch: async () => (await import('./freeswitch/index.js')).freeswitchPack,
  ominis: async () => (await import('./ominis/index.js')).ominisPack,
  xivo: async () => (await import('./xivo/index.js')).xivoPack,
  ovirt: async () => (await import('./ovirt/index.js')).ovirtPack,
};

export function packNames(): string[] {
  return Object.keys(packs).sort();
}

export async function loadPack(name: string): Promise<Pack> {
  const load = packs[name];
  if (!load)
    throw new VoipdbError('not-found', `unknown pack "${name}"`, {
      hint: `voipdb packs lists them: ${packNames().join(', ') || '(none)'}`,
    });
  return load();
}

/** The pack a set belongs to, by its name ("asterisk/config" -> "asterisk"). */
export function packOfSet(set: string): string | undefined {
  const p = set.split('/')[0]!;
  return packs[p] ? p : packs[set] ? set : undefined;
}
