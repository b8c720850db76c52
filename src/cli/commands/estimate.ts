import type { Command } from 'commander';
import { estimate, type Prediction } from '../../commands/estimate.js';
import { withConnection, type CliApp } from '../app.js';
import { table } from '../output.js';

const secs = (s: number | undefined) =>
  s === undefined ? '' : s < 1 ? '<1 s' : s < 120 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;
const range = (p: Prediction | undefined) => (p ? `${secs(p.low)} – ${secs(p.high)}` : '');

export function register(program: Command, app: CliApp): void {
  program
    .command('estimate')
    .description(
      'how long the pending plan takes on this database: steps on big tables timed on sample copies (median of repeated runs), scaled to their row counts',
    )
    .option('--online', 'also measure the online form of steps that have one (PostgreSQL)')
    .option('--min-rows <n>', 'tables smaller than this are not measured', '50000')
    .option('--sample-rows <n>', 'rows of the largest sample (default: sized to outgrow the server cache)')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const opts = cmd.opts();
      await withConnection(app, cmd, async (conn) => {
        const r = await estimate(conn, {
          ...app.setChoice(cmd),
          online: !!opts.online,
          minRows: Number(opts.minRows),
          sampleRows: opts.sampleRows ? Number(opts.sampleRows) : undefined,
          events: app.events(cmd),
        });
        const galera = r.steps.some((s) => s.cluster);
        out.result(
          r,
          () =>
            (galera ? `${r.topology}: a step marked TOI makes every node wait while it runs\n` : '') +
            table(
              [
                'set',
                'version',
                'table',
                'rows',
                'estimate',
                'range',
                'spread',
                'per 2.5M rows',
                ...(opts.online ? ['online form', 'online range'] : []),
                ...(galera ? ['cluster', 'alternative'] : []),
              ],
              r.steps.map((s) => [
                s.set,
                s.version,
                s.table ?? '',
                s.rows || '',
                s.plain ? secs(s.plain.seconds) : s.method === 'small' ? 'small table' : '-',
                range(s.plain),
                s.plain ? `±${(s.plain.spread * 100).toFixed(0)}%` : '',
                s.plain ? secs(s.plain.secondsPerMillionRows * 2.5) : '',
                ...(opts.online ? [secs(s.online?.seconds), range(s.online)] : []),
                ...(galera
                  ? [
                      s.cluster?.blocksCluster ? 'TOI: blocks the cluster' : '',
                      s.cluster?.blocksCluster ? s.cluster.alternative : '',
                    ]
                  : []),
              ]),
            ) +
            `\n${r.steps.length} pending step(s); about ${secs(r.totalSeconds)} on big tables (range: slowest to fastest measured rate; spread: how much the timings varied)`,
        );
      });
    });
}
