import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { online } from '../../commands/online.js';
import { withConnection, type CliApp } from '../app.js';
import { listed } from '../options.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('online')
    .description(
      'big-table changes while services run: a serial primary key added without a long lock, or one pending step applied ahead of the upgrade',
    )
    .option(
      '--ahead <set@version>',
      "run this pending migration's online form now and record it, so that voipdb upgrade skips it",
    )
    .option('--add-primary-key <table>', 'the online form of ALTER TABLE <table> ADD COLUMN id SERIAL PRIMARY KEY')
    .option('--column <name>', 'with --add-primary-key: the column', 'id')
    .option(
      '--add-column <table>',
      'add a column to a big table while writes go on (MySQL/MariaDB: ALGORITHM=INSTANT, else INPLACE with LOCK=NONE)',
    )
    .option('--definition <column definition>', 'with --add-column: the column, e.g. "callee VARCHAR(64) NULL"')
    .option(
      '--grant <roles>',
      'with --add-primary-key: GRANT ALL ON the sequence to these roles (XiVO: asterisk)',
      listed,
    )
    .option('--batch-rows <n>', 'rows per back-fill batch', '10000')
    .option(
      '--lock-timeout-ms <n>',
      'longest a short DDL waits for its lock before letting writers pass and retrying',
      '500',
    )
    .option('--pause-ms <n>', 'pause between batches', '0')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const opts = cmd.opts();
      if ([opts.ahead, opts.addPrimaryKey, opts.addColumn].filter(Boolean).length !== 1) {
        throw new VoipdbError(
          'usage',
          'give one of --ahead <set@version>, --add-primary-key <table> or --add-column <table>',
          {
            hint: 'voipdb online --ahead xivo@<revision>, or voipdb online --add-primary-key queue_log --grant asterisk',
          },
        );
      }
      if (!opts.addColumn !== !opts.definition) {
        throw new VoipdbError('usage', '--add-column and --definition go together', {
          hint: 'voipdb online --add-column cdr --definition "callee VARCHAR(64) NULL"',
        });
      }
      const options = {
        batchRows: Number(opts.batchRows),
        lockTimeoutMs: Number(opts.lockTimeoutMs),
        pauseMs: Number(opts.pauseMs),
        events: app.events(cmd),
      };
      await withConnection(app, cmd, async (conn) => {
        if (opts.addColumn) {
          const r = await online(conn, { ...options, addColumn: opts.addColumn, definition: opts.definition });
          out.result(r, () =>
            r.algorithm === 'present'
              ? `${r.table}: the column is there already`
              : `${r.table}: column added with ALGORITHM=${r.algorithm}${r.algorithm === 'INPLACE' ? ', LOCK=NONE' : ''} (${r.durationMs} ms, ${r.lockRetries} lock retries)`,
          );
          return;
        }
        if (opts.ahead) {
          const r = await online(conn, { ...app.setChoice(cmd), ...options, ahead: opts.ahead });
          out.result(
            r,
            () =>
              `${r.set}@${r.version} applied ahead on ${r.table} (${r.online.rows} rows back-filled in ${r.online.batches} batches, ${r.online.durationMs} ms); voipdb upgrade will skip it`,
          );
          return;
        }
        const r = await online(conn, {
          ...options,
          addPrimaryKey: opts.addPrimaryKey,
          column: opts.column,
          grantTo: opts.grant ?? [],
        });
        out.result(r, () =>
          r.alreadyDone
            ? `${r.table}.${opts.column} is already a serial primary key`
            : `${r.table}: ${opts.column} added as primary key, ${r.rows} rows back-filled in ${r.batches} batches (${r.durationMs} ms, ${r.lockRetries} lock retries)`,
        );
      });
    });
}
