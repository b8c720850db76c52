import type { Command } from 'commander';
import { ExitCode, VoipdbError } from '../../core/errors.js';
import { upgrade, type InFlightChoice, type ReplicaWait } from '../../commands/migrations.js';
import { withConnection, type CliApp } from '../app.js';
import { paint, table } from '../output.js';
import { stateJson } from '../status-view.js';

function inFlightOf(cmd: Command): InFlightChoice | undefined {
  const v = cmd.opts().inFlight as string | undefined;
  if (v === undefined || v === 'applied' || v === 'rerun') return v;
  throw new VoipdbError('usage', `--in-flight ${v}: expected applied or rerun`, {
    hint: 'voipdb upgrade --in-flight applied (it took effect) or --in-flight rerun',
  });
}

export function register(program: Command, app: CliApp): void {
  program
    .command('upgrade')
    .alias('update')
    .description('apply pending migrations (pre-upgrade hooks, repeatables dropped and recreated, post-upgrade hooks)')
    .argument('[target]', 'head (default), <version>, <set>@<version> or +N', 'head')
    .option('--out-of-order', 'apply migrations older than the newest applied one')
    .option('--ignore-checksums', 'run even if applied scripts were edited')
    .option('--ignore-missing', 'run even if applied scripts were removed')
    .option(
      '--allow-gaps',
      "run new oVirt scripts past a hole in their series' numbering that the database never recorded",
    )
    .option('--allow-data-loss', 'run steps that drop or narrow tables/columns holding rows')
    .option('--replay', 'on an empty database, run every migration instead of creating the head schema in one step')
    .option(
      '--in-flight <outcome>',
      'a statement a stopped run left in doubt, that the database cannot decide: applied | rerun',
    )
    .option(
      '--wait-replicas [seconds]',
      'then wait until the streaming standbys have replayed the upgrade (default 60 s) and report their lag',
    )
    .action(async (target: string, _o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      await withConnection(app, cmd, async (conn) => {
        const wait = cmd.opts().waitReplicas;
        // The sets' closing states are shown in JSON only.
        const r = await upgrade(conn, {
          ...app.setChoice(cmd),
          ...app.engineOptions(cmd),
          packSettings: app.packSettings(cmd),
          to: target,
          closingStates: out.json,
          inFlight: inFlightOf(cmd),
          waitReplicasMs: wait ? waitSeconds(wait) * 1000 : undefined,
        });
        const applied = r.steps.filter((s) => s.state !== 'skipped-by-other');
        const replicas = r.replicas;
        // Standbys still behind at the timeout: the upgrade stands, the exit says "not up to date".
        if (replicas && !replicas.caughtUp) process.exitCode = ExitCode.notUpToDate;
        out.result({ applied: r.steps, sets: r.states.map(stateJson), ...(replicas ? { replicas } : {}) }, () => {
          const tail = replicas ? '\n' + replicaReport(replicas) : '';
          if (!applied.length) return `${paint(out.color, 'green', 'up to date')}: ${r.setNames.join(', ')}` + tail;
          return (
            table(
              ['set', 'step', 'version', 'script', 'ms'],
              applied.map((s) => [
                s.set,
                s.kind + (s.state === 'skipped' ? ' (skipped)' : ''),
                s.version ?? '',
                s.script,
                s.durationMs,
              ]),
            ) +
            `\n${applied.length} step(s) applied` +
            tail
          );
        });
      });
    });
}

function waitSeconds(v: string | true): number {
  if (v === true) return 60;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || v.trim() === '')
    throw new VoipdbError('usage', `--wait-replicas ${v}: expected seconds >= 0`, { hint: 'e.g. --wait-replicas 120' });
  return n;
}

function replicaReport(w: ReplicaWait): string {
  if (!w.replicas.length) return `no standby is streaming from this server (position ${w.position})`;
  const rows = w.replicas.map((r) => [r.name, r.state, r.caughtUp ? 'yes' : 'no', r.behindBytes ?? '?', r.lagMs ?? '']);
  const head = w.caughtUp
    ? `${w.replicas.length} standby(s) replayed the upgrade (position ${w.position}) after ${w.waitedMs} ms`
    : `standby(s) still behind position ${w.position} after ${w.waitedMs} ms: voipdb check on a standby shows where it stands`;
  return head + '\n' + table(['standby', 'state', 'replayed', 'bytes behind', 'replay lag ms'], rows);
}
