import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { merge } from '../../commands/merge.js';
import { withConnection, type CliApp } from '../app.js';
import { table } from '../output.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('merge')
    .description(
      'fold one database into another (XiVO: xivo into asterisk); conflicts found before anything moves; the old database removed only after verification, with --drop-source',
    )
    .requiredOption('--from <url>', 'the database folded into the target')
    .option('--check', 'only list the conflicts (objects in both)')
    .option('--drop-source', 'remove the source database once the merged one is verified')
    .option('--drop-role <role>', 'PostgreSQL: then DROP OWNED BY and DROP ROLE this role (pg-merge-db dropped xivo)')
    .option('--owner <role>', "PostgreSQL: owner of the moved objects (default: the target database's owner)")
    .option('--resume', 'a source already moved (same tables and row counts in the target) counts as merged')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const opts = cmd.opts();
      await withConnection(app, cmd, async (into) => {
        const from = await app.connect(cmd, opts.from);
        try {
          if (opts.check) {
            const { conflicts: c } = await merge(into, from, { checkOnly: true });
            out.result({ conflicts: c }, () =>
              c.length
                ? table(
                    ['kind', 'in both databases'],
                    c.map((x) => [x.kind, x.name]),
                  )
                : 'no conflict: voipdb merge can fold the source in',
            );
            if (c.length) process.exitCode = ExitCode.notUpToDate;
            return;
          }
          const r = await merge(into, from, {
            dropSource: !!opts.dropSource,
            dropRole: opts.dropRole,
            owner: opts.owner,
            resume: !!opts.resume,
            events: app.events(cmd),
          });
          out.result(
            r,
            () =>
              table(
                ['table', 'rows (verified)'],
                r.moved.map((m) => [m.table, m.rows]),
              ) +
              `\n${r.alreadyMerged ? 'already merged' : `${r.objects.length} objects moved`}; source ${r.sourceDropped ? 'removed' : 'kept (add --drop-source to remove it)'}${r.roleDropped ? `; role ${opts.dropRole} dropped` : ''}`,
          );
        } finally {
          await from.close();
        }
      });
    });
}
