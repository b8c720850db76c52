// Run voipdb's command line in-process with the odbc, grants and doctor commands registered
// (until src/cli/commands/index.ts lists them), capturing stdout, stderr and the exit code.

import { buildProgram } from '../../src/cli/main.js';
import { createApp } from '../../src/cli/app.js';
import { isVoipdbError } from '../../src/core/errors.js';
import * as doctorCmd from '../../src/cli/commands/doctor.js';
import * as grantsCmd from '../../src/cli/commands/grants.js';
import * as odbcCmd from '../../src/cli/commands/odbc.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  const program = buildProgram();
  const app = createApp();
  const have = new Set(program.commands.map((c) => c.name()));
  for (const [name, mod] of [
    ['odbc', odbcCmd],
    ['grants', grantsCmd],
    ['doctor', doctorCmd],
  ] as const)
    if (!have.has(name)) mod.register(program, app);
  let stdout = '';
  let stderr = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  let code = 0;
  try {
    await program.parseAsync(['node', 'voipdb', ...args]);
  } catch (e) {
    code = isVoipdbError(e) ? e.exitCode : 99;
    stderr += isVoipdbError(e) ? e.line() : String(e);
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  return { code, stdout, stderr };
}
