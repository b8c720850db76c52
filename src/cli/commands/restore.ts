import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { restore } from '../../ops/restore.js';
import { withConnection, type CliApp } from '../app.js';
import { table } from '../output.js';
import { groupsFor } from './replicate.js';
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
      // Before connecting: a missing backup file must not create an empty database either.
      if (!existsSync(cmd.opts().file)) {
        throw new VoipdbError('not-found', `backup file ${cmd.opts().file} does not exist`, {
          hint: 'voipdb backup --url <source> -f <file> makes one; give its path with -f',
        });
      }
      const out = app.output(cmd);
      const opts = cmd.opts();
      await withConnection(app, cmd, async (conn) => {
        const g = await groupsFor(app, cmd, conn);
        const r = await restore(conn, {
          file: opts.file,
          force: !!opts.force,
          keepSystemConfig: !!opts.keepSystemConfig,
          keepGroups: opts.keepGroup,
          systemConfigGroups: g.systemConfig,
          groups: g.groups,
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
    });
}
