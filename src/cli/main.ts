// voipdb in-process, every command registered at once (tests, embedding). The voipdb process
// itself starts from program.ts, which loads only the command it runs.

import type { Command } from 'commander';
import { createApp } from './app.js';
import { commands } from './commands/index.js';
import { createProgram } from './program.js';

const modules = await Promise.all(commands.map((c) => c.load()));

export function buildProgram(): Command {
  const program = createProgram();
  const app = createApp();
  for (const m of modules) m.register(program, app);
  return program;
}
