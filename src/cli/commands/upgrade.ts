import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { upgrade } from '../../engine/index.js';
import type { InFlightChoice } from '../../engine/resume.js';
import { requireSets, withConnection, type CliApp } from '../app.js';
import { paint, table } from '../output.js';
import { legacyBeforeUpgrade } from '../legacy.js';
import { stateJson } from '../status-view.js';

function inFlightOf(cmd: Command): InFlightChoice | undefined {
  const v = cmd.opts().inFlight as string | undefined;
  if (v === undefined || v === 'applied' || v === 'rerun') return v;
  throw new VoipdbError('usage', `--in-flight ${v}: expected applied or rerun`, { hint: 'voipdb upgrade --in-flight applied (it took effect) or --in-flight rerun' });
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
    .option('--allow-data-loss', 'run steps that drop or narrow tables/columns holding rows')
    .option('--replay', 'on an empty database, run every migration instead of creating the head schema in one step')
    .option('--in-flight <outcome>', 'a statement a stopped run left in doubt, that the database cannot decide: applied | rerun')
    .action(async (target: string, _o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      await withConnection(app, cmd, async (conn) => {
        const sets = requireSets(await app.sets(cmd, conn));
        await legacyBeforeUpgrade(app, cmd, conn, sets);
        // The sets' closing states are shown in JSON only.
        const r = await upgrade(conn, sets, target, { ...app.engineOptions(cmd), closingStates: out.json, inFlight: inFlightOf(cmd) });
        const applied = r.steps.filter((s) => s.state !== 'skipped-by-other');
        out.result({ applied: r.steps, sets: r.states.map(stateJson) }, () => {
          if (!applied.length) return `${paint(out.color, 'green', 'up to date')}: ${sets.map((s) => s.name).join(', ')}`;
          return (
            table(
              ['set', 'step', 'version', 'script', 'ms'],
              applied.map((s) => [s.set, s.kind + (s.state === 'skipped' ? ' (skipped)' : ''), s.version ?? '', s.script, s.durationMs]),
            ) + `\n${applied.length} step(s) applied`
          );
        });
      });
    });
}
