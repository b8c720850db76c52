import type { Command } from 'commander';
import { prune } from '../../commands/prune.js';
import type { CliApp } from '../app.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('prune')
    .description(
      'delete old rows in short batches while services run (XiVO: DELETE FROM queue_log WHERE "time" < \'2014-03-01\')',
    )
    .requiredOption('--before <value>', 'delete rows whose column is below this (e.g. 2014-03-01)')
    .option('--table <name>', 'the table', 'queue_log')
    .option('--column <name>', 'the column compared', 'time')
    .option('--batch-rows <n>', 'rows per batch', '10000')
    .option('--pause-ms <n>', 'pause between batches', '0')
    .option('--dry-run', 'only count the rows that would go')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const opts = cmd.opts();
      // The bound is checked before connecting: a mistyped one makes no database.
      const r = await prune(app.shownTarget(cmd), {
        table: opts.table,
        column: opts.column,
        before: opts.before,
        batchRows: Number(opts.batchRows),
        pauseMs: Number(opts.pauseMs),
        dryRun: !!opts.dryRun,
        events: app.events(cmd),
      });
      out.result(r, () =>
        opts.dryRun
          ? `${r.matching} rows of ${r.table} are before ${opts.before}`
          : `${r.deleted} rows of ${r.table} before ${opts.before} deleted in ${r.batches} batches (${r.durationMs} ms)`,
      );
    });
}
