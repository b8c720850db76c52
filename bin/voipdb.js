#!/usr/bin/env -S node --max-semi-space-size=64
// The larger young generation lets rows being converted die young instead of being copied out of
// it (a quarter of a large conversion's time went to that); short commands never grow it.
// The command runs from one bundle (scripts/bundle.mjs); V8's compile cache, where node has it
// (22.1+), spares later runs compiling it again. --version needs none of it: answered first.
import module from 'node:module';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
} else {
  module.enableCompileCache?.();
  const { main } = await import('../dist/bin/voipdb.js');
  process.exitCode = await main(process.argv);
}
