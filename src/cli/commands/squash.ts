// voipdb squash: fold a published series of an oVirt-style dbscripts tree into a new base.

import type { Command } from 'commander';
import { ExitCode, VoipdbError } from '../../core/errors.js';
import { squash } from '../../commands/squash.js';
import type { CliApp } from '../app.js';
import { paint, table } from '../output.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('squash')
    .description(
      'fold a published series of upgrade scripts (oVirt MM_mm_nnnn files) into a new base for clean installs',
    )
    .requiredOption('--series <MM_mm>', 'the series to fold, e.g. 04_01 (the oldest one above the base)')
    .option('--out <dir>', 'write the squashed tree to this new directory')
    .option('--in-place', 'rewrite the tree given with --dir itself')
    .option('--scratch <url>', 'PostgreSQL server for the scratch databases (admin URL); default: in-memory PGlite')
    .option('--no-verify', 'skip the check that a clean install from the new base ends where the original tree ends')
    .option('--temp-functions <rule>', 'a __temp_ function a script leaves: fail (default) or drop', 'fail')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd);
      if (o.dir?.length !== 1)
        throw new VoipdbError('usage', 'squash needs exactly one --dir <dbscripts>', {
          hint: 'voipdb squash --dir dbscripts --series 04_01 --out dbscripts.squashed',
        });
      const rule = o.tempFunctions === 'drop' ? 'drop' : 'fail';
      const r = await squash(o.dir[0]!, {
        series: o.series as string,
        out: o.out as string | undefined,
        inPlace: !!o.inPlace,
        scratch: o.scratch as string | undefined,
        verify: o.verify !== false,
        tempFunctions: rule,
        events: app.events(cmd),
      });
      const same = !r.differences || r.differences.length === 0;
      if (!same) process.exitCode = ExitCode.integrity;
      out.result(r, () => {
        const lines = [
          `series ${r.series}: ${r.folded.length} script(s) folded into a base at ${r.baseVersion} (${r.tables} tables) in ${r.out}`,
        ];
        if (!r.differences) lines.push(paint(out.color, 'yellow', 'not verified (--no-verify)'));
        else if (same)
          lines.push(
            paint(
              out.color,
              'green',
              'verified: a clean install from the new base ends with the same schema as the original tree',
            ),
          );
        else {
          lines.push(
            paint(
              out.color,
              'red',
              `${r.differences.length} difference(s) between a clean install from the new base and the original tree:`,
            ),
          );
          lines.push(
            table(
              ['kind', 'object', 'difference'],
              r.differences.map((d) => [d.kind, d.object, d.message]),
            ),
          );
        }
        return lines.join('\n');
      });
    });
}
