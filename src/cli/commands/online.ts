import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { addSerialPrimaryKey, applyAhead, serialPkSpec } from '../../ops/online.js';
import { requireSets, withConnection, type CliApp } from '../app.js';
import { listed } from '../options.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('online')
    .description('big-table changes while services run: a serial primary key added without a long lock, or one pending step applied ahead of the upgrade')
    .option('--ahead <set@version>', "run this pending migration's online form now and record it, so that voipdb upgrade skips it")
    .option('--add-primary-key <table>', 'the online form of ALTER TABLE <table> ADD COLUMN id SERIAL PRIMARY KEY')
    .option('--column <name>', 'with --add-primary-key: the column', 'id')
    .option('--grant <roles>', 'with --add-primary-key: GRANT ALL ON the sequence to these roles (XiVO: asterisk)', listed)
    .option('--batch-rows <n>', 'rows per back-fill batch', '10000')
    .option('--lock-timeout-ms <n>', 'longest a short DDL waits for its lock before letting writers pass and retrying', '500')
    .option('--pause-ms <n>', 'pause between batches', '0')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const opts = cmd.opts();
      if (!opts.ahead === !opts.addPrimaryKey) {
        throw new VoipdbError('usage', 'give either --ahead <set@version> or --add-primary-key <table>', { hint: 'voipdb online --ahead xivo@<revision>, or voipdb online --add-primary-key queue_log --grant asterisk' });
      }
      const online = { batchRows: Number(opts.batchRows), lockTimeoutMs: Number(opts.lockTimeoutMs), pauseMs: Number(opts.pauseMs), events: app.events(cmd) };
      await withConnection(
        app,
        cmd,
        async (conn) => {
          if (opts.ahead) {
            const r = await applyAhead(conn, requireSets(await app.sets(cmd, conn)), opts.ahead, online);
            out.result(r, () => `${r.set}@${r.version} applied ahead on ${r.table} (${r.online.rows} rows back-filled in ${r.online.batches} batches, ${r.online.durationMs} ms); voipdb upgrade will skip it`);
            return;
          }
          const r = await addSerialPrimaryKey(conn, serialPkSpec(opts.addPrimaryKey, opts.column, { grantTo: opts.grant ?? [] }), online);
          out.result(r, () =>
            r.alreadyDone
              ? `${r.table}.${opts.column} is already a serial primary key`
              : `${r.table}: ${opts.column} added as primary key, ${r.rows} rows back-filled in ${r.batches} batches (${r.durationMs} ms, ${r.lockRetries} lock retries)`,
          );
        },
      );
    });
}
