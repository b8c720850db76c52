import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import type { EventSink } from '../../core/events.js';
import { targetOf } from '../../commands/target.js';
import { convert, converterNames, DEFAULT_BATCH_SIZE, type ConvertSummary } from '../../commands/convert.js';
import type { CliApp } from '../app.js';
import { paint, table } from '../output.js';
import { repeated } from '../options.js';

/** Rejected rows listed on a terminal; all of them are in the JSON summary (up to 1000) and the destination. */
const SHOWN = 20;

export function register(program: Command, app: CliApp): void {
  program
    .command('convert')
    .description(
      'move data from one schema to another across databases (ser: SER 0.9 into SER 2.0, as migrate_ser_db); resumable, never writes the source',
    )
    .argument('<converter>', `what to convert: ${converterNames().join(', ')}`)
    .requiredOption('-i, --from <url>', 'the source database (read only)')
    .requiredOption('-o, --to <url>', "the destination database (created from the converter's pack when empty)")
    .option(
      '-t, --tables <list>',
      'convert only these tables, comma-separated (repeatable); the rest are left as they are',
      repeated,
    )
    .option(
      '--on-error <policy>',
      'a row that cannot be converted: stop (default) or skip (listed and recorded in voipdb_convert_rejects)',
      'stop',
    )
    .option('--batch-size <rows>', `source rows per destination transaction (default ${DEFAULT_BATCH_SIZE})`)
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const o = app.opts(cmd) as ReturnType<CliApp['opts']> & {
        from: string;
        to: string;
        tables?: string[];
        onError: string;
        batchSize?: string;
      };
      const out = app.output(cmd);
      if (o.onError !== 'stop' && o.onError !== 'skip') {
        throw new VoipdbError('usage', `--on-error ${o.onError}: expected stop or skip`, {
          hint: `voipdb convert ${name} ... --on-error skip`,
        });
      }
      const batchSize = o.batchSize === undefined ? undefined : Number(o.batchSize);
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
        throw new VoipdbError('usage', `--batch-size ${o.batchSize}: expected a positive number of rows`, {
          hint: `e.g. --batch-size ${DEFAULT_BATCH_SIZE}`,
        });
      }
      const from = targetOf(o.from);
      // The destination is the command's target: --password-file and VOIPDB_PASSWORD apply to it.
      const to = app.target(cmd, o.to);
      out.verboseLine(`from ${from.display} (read only) to ${to.display}`);
      const summary = await convert(name, from, to, {
        tables: o.tables,
        onError: o.onError,
        batchSize,
        events: lineBreaks(app.events(cmd), !out.json),
      });
      out.result(summary, () => human(summary, out.color));
    });
}

/** The progress bar redraws one line per step: end it before anything else is printed. */
function lineBreaks(events: EventSink, human: boolean): EventSink {
  let task: string | undefined;
  return (e) => {
    if (human && process.stderr.isTTY && task && (e.type !== 'progress' || e.task !== task)) {
      process.stderr.write('\n');
      task = undefined;
    }
    if (e.type === 'progress') task = e.task;
    events(e);
  };
}

function human(s: ConvertSummary, color: boolean): string {
  const lines: string[] = [];
  if (process.stderr.isTTY) process.stderr.write('\n');
  const rows = s.steps
    .filter((st) => st.state !== 'not-selected')
    .map((st) => [
      st.step,
      st.state === 'done'
        ? paint(color, 'green', 'converted')
        : st.state === 'already-done'
          ? 'already converted'
          : st.state === 'no-source'
            ? paint(color, 'yellow', 'no source table')
            : st.state,
      st.rowsRead,
      Object.entries(st.written)
        .filter(([, n]) => n > 0)
        .map(([t, n]) => `${n} ${t}`)
        .join(', '),
      st.skipped || '',
      st.rowsRead ? st.rowsPerSecond : '',
    ]);
  lines.push(table(['table', 'state', 'rows read', 'rows written', 'skipped', 'rows/s'], rows));
  const read = s.steps.reduce((a, st) => a + st.rowsRead, 0);
  lines.push(
    `${s.resumed ? 'resumed: ' : ''}${read} rows converted from ${s.source} into ${s.destination} in ${(s.durationMs / 1000).toFixed(1)} s` +
      (s.createdSchema ? ' (schema created)' : ''),
  );
  if (s.rejectedTotal) {
    lines.push(paint(color, 'yellow', `${s.rejectedTotal} row(s) could not be converted and were skipped:`));
    for (const r of s.rejected.slice(0, SHOWN)) lines.push(`  ${r.step}: ${r.key}: ${r.reason}`);
    if (s.rejectedTotal > SHOWN)
      lines.push(`  ... ${s.rejectedTotal - SHOWN} more: SELECT * FROM voipdb_convert_rejects (or --json)`);
  }
  return lines.join('\n');
}
