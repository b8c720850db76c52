import type { Command } from 'commander';
import { replicate } from '../../commands/replicate.js';
import { withConnection, type CliApp } from '../app.js';
import { table } from '../output.js';
import { listed, repeated } from '../options.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('replicate')
    .description(
      'copy a master to a standby, leaving out table groups (default: ha, network, support, callcenter_stats); one-shot, or continuous on PostgreSQL',
    )
    .requiredOption('--to <standby-url>', 'the standby database')
    .option('--exclude-group <groups>', 'leave these table groups out (comma-separated, repeatable)', listed)
    .option('--all', 'leave no group out')
    .option('--exclude-table <tables>', 'leave these tables out (comma-separated, repeatable)', listed)
    .option('--group <name=tables>', 'define a table group, e.g. network=dhcp,netiface (repeatable)', repeated)
    .option(
      '--continuous',
      'PostgreSQL: set up logical replication (publication + subscription) instead of a one-shot sync',
    )
    .option('--status', 'with --continuous: show the subscription')
    .option('--stop', 'with --continuous: remove the subscription, publication and slot')
    .option('--name <name>', 'with --continuous: names voipdb_<name> (default standby)')
    .option('--master-conninfo <conninfo>', 'with --continuous: how the standby reaches the master (libpq conninfo)')
    .option(
      '--replica-identity-full',
      'with --continuous: publish tables without a primary key with REPLICA IDENTITY FULL',
    )
    .option('--wait <seconds>', 'with --continuous: wait for the initial copy', '0')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const opts = cmd.opts();
      await withConnection(app, cmd, async (master) => {
        await withConnection(
          app,
          cmd,
          async (standby) => {
            const base = {
              ...app.groupChoice(cmd),
              excludeGroups: opts.all ? [] : opts.excludeGroup,
              excludeTables: opts.excludeTable,
              events: app.events(cmd),
            };
            if (opts.continuous && opts.stop) {
              await replicate(master, standby, { ...base, continuous: 'stop', name: opts.name });
              out.result({ stopped: true }, () => `continuous replication ${opts.name ?? 'standby'} stopped`);
              return;
            }
            if (opts.continuous && opts.status) {
              const s = await replicate(master, standby, { ...base, continuous: 'status', name: opts.name });
              out.result(s, () =>
                s.exists
                  ? `${s.subscription}: ${s.enabled ? 'enabled' : 'disabled'}, ${s.ready}/${s.tables} tables copied, last message ${s.lastMessage ?? 'none'}`
                  : `no subscription ${s.subscription} on the standby`,
              );
              return;
            }
            if (opts.continuous) {
              const r = await replicate(master, standby, {
                ...base,
                continuous: true,
                name: opts.name,
                masterConninfo: opts.masterConninfo,
                replicaIdentityFull: !!opts.replicaIdentityFull,
                waitMs: Number(opts.wait) * 1000,
              });
              out.result(
                r,
                () =>
                  `publication and subscription ${r.subscription}: ${r.tables.length} tables (${r.ready} copied so far), ${r.excluded.length} left out\nsequences are not streamed: run a one-shot voipdb replicate before a failover`,
              );
              return;
            }
            const r = await replicate(master, standby, base);
            out.result(
              r,
              () =>
                table(
                  ['table', 'rows'],
                  r.tables.map((t) => [t.table, t.rows]),
                ) +
                `\n${r.tables.length} tables, ${r.rows} rows, ${r.sequences} counters copied in ${r.durationMs} ms; left out: ${r.excluded.map((e) => `${e.table} (${e.group})`).join(', ') || 'nothing'}`,
            );
          },
          opts.to,
        );
      });
    });
}
