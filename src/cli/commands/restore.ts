import type { Command } from 'commander';
import { restore } from '../../commands/backup.js';
import type { CliApp } from '../app.js';
import { table } from '../output.js';
import { listed, repeated } from '../options.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('restore')
    .description(
      "load a backup with the platform's tool; --keep-system-config keeps this machine's HA, network and support tables",
    )
    .requiredOption('-f, --file <path>', 'the backup file to load')
    .option('--force', 'replace the contents of a database that is not empty')
    .option('--keep-system-config', "keep this machine's rows of the ha, network and support groups")
    .option('--keep-group <groups>', "keep this machine's rows of these groups (comma-separated, repeatable)", listed)
    .option('--group <name=tables>', 'define a table group (repeatable)', repeated)
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const opts = cmd.opts();
      // A missing backup file is refused before connecting: it must not create an empty database either.
      const r = await restore(app.shownTarget(cmd), {
        ...app.groupChoice(cmd),
        file: opts.file,
        force: !!opts.force,
        keepSystemConfig: !!opts.keepSystemConfig,
        keepGroups: opts.keepGroup,
        events: app.events(cmd),
      });
      out.result(
        r,
        () =>
          (r.kept.length
            ? table(
                ["kept (this machine's)", 'rows'],
                r.kept.map((k) => [k.table, k.rows]),
              ) + '\n'
            : '') +
          `restored ${opts.file} (${r.format}) in ${r.durationMs} ms${r.notInBackup.length ? `; not in the backup, left as they were: ${r.notInBackup.join(', ')}` : ''}`,
      );
    });
}
