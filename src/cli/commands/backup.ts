import type { Command } from 'commander';
import { backup } from '../../commands/backup.js';
import { withConnection, type CliApp } from '../app.js';
import { listed, repeated } from '../options.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('backup')
    .description(
      "one file with the platform's tool (pg_dump -Fc, mariadb-dump, SQLite's backup API); table groups can be left without rows",
    )
    .requiredOption('-f, --file <path>', 'the backup file to write')
    .option(
      '--exclude-group <groups>',
      'save these table groups without their rows (comma-separated, repeatable)',
      listed,
    )
    .option('--exclude-table <tables>', 'save these tables without their rows (comma-separated, repeatable)', listed)
    .option('--group <name=tables>', 'define a table group (repeatable)', repeated)
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const opts = cmd.opts();
      await withConnection(app, cmd, async (conn) => {
        const r = await backup(conn, {
          ...app.groupChoice(cmd),
          file: opts.file,
          excludeGroups: opts.excludeGroup,
          excludeTables: opts.excludeTable,
          events: app.events(cmd),
        });
        out.result(
          r,
          () =>
            `${r.file}: ${r.format}, ${r.bytes} bytes in ${r.durationMs} ms${r.withoutRows.length ? `; without rows: ${r.withoutRows.join(', ')}` : ''}`,
        );
      });
    });
}
