import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { heads, history, status } from '../../commands/state.js';
import { withConnection, type CliApp } from '../app.js';
import { table } from '../output.js';
import { stateJson, statesTable } from '../status-view.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('status')
    .description('where each set stands: current, head, pending')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      await withConnection(app, cmd, async (conn) => {
        // An upgrade running now (elsewhere, through another Galera node) is part of where things stand.
        const { sets: states, lockHolder: lock } = await status(conn, app.setChoice(cmd));
        out.result(
          { sets: states.map(stateJson), ...(lock ? { lock: { holder: lock } } : {}) },
          () => statesTable(states, out.color) + (lock ? `\nupgrade running: lock held by ${lock}` : ''),
        );
      });
    });
  program
    .command('history')
    .description("voipdb's history rows, oldest first")
    .option('--limit <n>', 'only the last n rows')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd);
      await withConnection(app, cmd, async (conn) => {
        const rows = await history(conn, { sets: o.set, limit: o.limit ? Number(o.limit) : undefined });
        out.result({ history: rows }, () =>
          table(
            ['id', 'set', 'version', 'kind', 'script', 'state', 'installed_by', 'started_at', 'ms'],
            rows.map((r) => [
              r.id,
              r.set_name,
              r.version,
              r.kind,
              r.script,
              r.state + (r.state === 'failed' ? ` @${r.statements_done + 1}` : ''),
              r.installed_by,
              r.started_at,
              r.duration_ms,
            ]),
          ),
        );
      });
    });
  program
    .command('heads')
    .description('the head version of each set (more than one means a branch to resolve)')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const h = await heads(app.setChoice(cmd));
      out.result({ heads: h }, () =>
        table(
          ['set', 'heads'],
          h.map((x) => [x.set, x.heads.join(', ')]),
        ),
      );
      if (h.some((x) => x.heads.length > 1)) process.exitCode = ExitCode.notUpToDate;
    });
}
