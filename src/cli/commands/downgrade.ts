import type { Command } from 'commander';
import { downgrade } from '../../commands/migrations.js';
import { withConnection, type CliApp } from '../app.js';
import { table } from '../output.js';
import { stateJson } from '../status-view.js';
import { printScript } from './sql.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('downgrade')
    .description('revert applied migrations down to a target')
    .argument('<target>', 'base, <version>, <set>@<version> or -N')
    .option('--allow-data-loss', 'run steps that drop tables/columns holding rows')
    .option('--sql', 'print the offline script of the downgrade instead of running it (alembic --sql)')
    .option('--dialect <name>', "with --sql: postgresql, mysql or sqlite (default: the target URL's dialect)")
    .option('--from <version>', 'with --sql: the version the database is at (default head)')
    .option('-o, --output <file>', 'with --sql: write the script to a file')
    .action(async (target: string, _o: unknown, cmd: Command) => {
      if (app.opts(cmd).sql) return printScript(app, cmd, 'down', target);
      const out = app.output(cmd);
      await withConnection(app, cmd, async (conn) => {
        const r = await downgrade(conn, target, { ...app.setChoice(cmd), ...app.engineOptions(cmd) });
        out.result({ reverted: r.steps, sets: r.states.map(stateJson) }, () =>
          r.steps.length
            ? table(
                ['set', 'version', 'script', 'ms'],
                r.steps.map((s) => [s.set, s.version, s.script, s.durationMs]),
              ) + `\n${r.steps.length} migration(s) reverted`
            : 'nothing to revert',
        );
      });
    });
}
