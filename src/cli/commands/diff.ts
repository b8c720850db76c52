import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { diff } from '../../commands/state.js';
import { withConnection, type CliApp } from '../app.js';
import { paint } from '../output.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('diff')
    .description(
      "the live database against what its sets' applied migrations say it should be; exit 0 only when there is no difference",
    )
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      await withConnection(app, cmd, async (conn) => {
        const { differences, unmodelled } = await diff(conn, app.setChoice(cmd));
        out.result({ differences, unmodelled }, () =>
          [
            ...differences.map((d) => `${paint(out.color, 'yellow', d.kind)} ${d.message}`),
            ...unmodelled.map((s) => `note: set ${s} is SQL text, which voipdb cannot model; its tables show as extra`),
            differences.length ? `${differences.length} difference(s)` : paint(out.color, 'green', 'no differences'),
          ].join('\n'),
        );
        if (differences.length) process.exitCode = ExitCode.notUpToDate;
      });
    });
}
