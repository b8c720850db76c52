import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { check } from '../../commands/state.js';
import { withConnection, type CliApp } from '../app.js';
import { paint } from '../output.js';
import { stateJson, statesTable } from '../status-view.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('check')
    .description('per set: OK, or NOK with current/head/pending, drift and failures; exit 0 only when all are OK')
    .option('--no-drift', 'skip comparing the live schema with what the applied migrations say')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd);
      await withConnection(app, cmd, async (conn) => {
        const {
          ok,
          sets: states,
          packs,
          warnings,
        } = await check(conn, { ...app.setChoice(cmd), packSettings: app.packSettings(cmd), drift: o.drift !== false });
        for (const w of warnings) out.warn(w);
        for (const p of packs) {
          for (const w of p.warnings) out.warn(w);
          for (const l of p.lines) out.info(l);
        }
        out.result(
          { ok, sets: states.map(stateJson) },
          () =>
            statesTable(states, out.color) +
            '\n' +
            (ok
              ? paint(out.color, 'green', 'all sets up to date')
              : paint(out.color, 'red', 'not up to date: run voipdb upgrade (or see the problems above)')),
        );
        if (!ok) process.exitCode = ExitCode.notUpToDate;
      });
    });
}
