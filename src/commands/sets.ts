// Which script sets a command works on: resolved in the packs layer (src/packs/choose-sets.ts),
// where the fleet resolves its targets' sets the same way.

export { chosenSets, packSets, requireSets, resolveSets, type SetChoice } from '../packs/choose-sets.js';
