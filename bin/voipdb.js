#!/usr/bin/env -S node --max-semi-space-size=64
// The larger young generation lets rows being converted die young instead of being copied out of
// it (a quarter of a large conversion's time went to that); short commands never grow it.
import { main } from '../dist/cli/program.js';
main(process.argv).then((code) => { process.exitCode = code; });
