#!/usr/bin/env node
import { main } from '../dist/cli/program.js';
main(process.argv).then((code) => { process.exitCode = code; });
