#!/usr/bin/env -S node --max-semi-space-size=64
// The larger young generation lets rows being converted die young instead of being copied out of
// it (a quarter of a large conversion's time went to that); short commands never grow it.
// The command runs from one bundle (scripts/bundle.mjs); V8's compile cache, where node has it
// (22.1+), spares later runs compiling it again.
import module from 'node:module';
module.enableCompileCache?.();
const { main } = await import('../dist/bin/voipdb.js');
process.exitCode = await main(process.argv);
