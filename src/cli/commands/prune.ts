import { VoipdbError } from '../../core/errors.js';
import type { Command } from 'commander';
import { prune } from '../../ops/prune.js';
import { withConnection, type CliApp } from '../app.js';

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
      // A date (2014-03-01, 2014-03-01 12:00:00) or a number: anything else compares as text and deletes nothing or all.
      if (!/^(\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?|-?\d+(\.\d+)?)$/.test(String(opts.before))) {
        throw new VoipdbError(
          'usage',
          `--before "${opts.before}" is neither a date (YYYY-MM-DD[ HH:MM:SS]) nor a number`,
          { hint: 'voipdb prune --before 2014-03-01 --dry-run' },
        );
      }
      await withConnection(app, cmd, async (conn) => {
        const r = await prune(conn, {
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
    });
}
