import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import {
  fleet,
  type FleetOptions,
  type FleetPack,
  type FleetSummary,
  type TargetResult,
} from '../../commands/fleet.js';
import { parseOptions, type CliApp } from '../app.js';
import { repeated } from '../options.js';
import { paint, table } from '../output.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('fleet')
    .description('check, status, upgrade or sql over many databases: an inventory, a server pattern or SQLite files')
    .argument('<command>', 'check | status | upgrade | sql')
    .argument('[to]', 'upgrade/sql: head (default), <version> or <set>@<version>')
    .option('-i, --inventory <file>', 'targets, packs and options per target (YAML or JSON)')
    .option('--server <url>', 'a server whose databases matching --databases are targets (repeatable)', repeated)
    .option('--databases <pattern>', "which databases on --server: SQL LIKE, e.g. 'tenant_%'")
    .option('--sqlite <glob>', "SQLite files, e.g. '/srv/tenants/*.db' (repeatable)", repeated)
    .option('--parallel <n>', 'targets at once (default 8)')
    .option('--canary <k>', 'run the first k targets alone; the rest only if they all succeed')
    .option('--max-failures <n>', 'start no new target after n failures')
    .option('--resume', 'skip the targets the run record says are done; retry failed and unfinished ones')
    .option('--record <file>', 'the run record (default .voipdb-fleet/<command>[-shard-I-of-N].jsonl)')
    .option('--shard <I/N>', "this runner's share: targets whose name hashes to I of N (0-based)")
    .option('--output-dir <dir>', "sql: where each target's script goes (default .)")
    .option('--no-drift', 'check: skip comparing the live schema')
    .option('--allow-data-loss', 'upgrade: run steps that drop or narrow columns holding rows')
    .option('--out-of-order', 'upgrade: apply migrations older than the newest applied one')
    .option('--ignore-checksums', 'upgrade: run even if applied scripts were edited')
    .option('--ignore-missing', 'upgrade: run even if applied scripts were removed')
    .action(async (command: string, to: string | undefined, _o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd);
      const options = parseOptions(o.option);
      const packs: FleetPack[] = (o.pack ?? []).map((name) => ({ name, sets: o.set, options }));
      const sources = {
        inventory: o.inventory as string | undefined,
        sqlite: o.sqlite as string[] | undefined,
        servers: o.server as string[] | undefined,
        databases: o.databases as string | undefined,
        packs: packs.length ? packs : undefined,
        dirs: o.dir,
        passwordFile: o.passwordFile,
      };
      const abort = new AbortController();
      const onSignal = () => {
        if (abort.signal.aborted) process.exit(130);
        abort.abort();
        out.warn('interrupted: no new target starts; waiting for the running ones (again to stop at once)');
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const fleetOptions: FleetOptions = {
        to,
        parallel: count(o.parallel, '--parallel', 1),
        canary: count(o.canary, '--canary', 0),
        maxFailures: count(o.maxFailures, '--max-failures', 1),
        resume: !!o.resume,
        record: o.record as string | undefined,
        shard: o.shard as string | undefined,
        outputDir: o.outputDir as string | undefined,
        drift: o.drift !== false,
        engine: {
          allowDataLoss: !!o.allowDataLoss,
          outOfOrder: !!o.outOfOrder,
          ignoreChecksums: !!o.ignoreChecksums,
          ignoreMissing: !!o.ignoreMissing,
          lockTimeoutMs: o.lockTimeout ? Number(o.lockTimeout) * 1000 : undefined,
        },
        signal: abort.signal,
      };
      const progress = new Progress(command, !out.json && !!process.stderr.isTTY);
      let summary: FleetSummary | undefined;
      try {
        for await (const e of fleet(command, sources, fleetOptions)) {
          if (e.type === 'plan') progress.plan(e.toRun, e.skipped);
          else if (e.type === 'start') progress.started();
          else if (e.type === 'result') {
            progress.finished(e.result);
            if (out.json) process.stdout.write(JSON.stringify({ type: 'target', ...e.result }) + '\n');
            else if (e.result.outcome === 'failed') {
              progress.clear();
              out.warn(`${e.result.name}: ${e.result.message} (exit ${e.result.exitCode})`);
            }
          } else summary = e.summary;
        }
      } finally {
        progress.clear();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (!summary) return;
      if (out.json) process.stdout.write(JSON.stringify({ type: 'summary', ...summary }) + '\n');
      else out.result(summary, () => summaryText(summary!, out.color));
      process.exitCode = summary.exitCode;
    });
}

function count(v: unknown, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new VoipdbError('usage', `${flag} ${String(v)}: expected a whole number ≥ ${min}`, {
      hint: `e.g. ${flag} 4`,
    });
  return n;
}

function summaryText(s: FleetSummary, color: boolean): string {
  const lines: string[] = [];
  const outcomes = Object.entries(s.byOutcome).map(([k, n]) => [k, n]);
  if (s.skipped) outcomes.push(['done before (--resume)', s.skipped]);
  lines.push(table(['outcome', 'targets'], outcomes));
  if (s.positions.length) {
    lines.push('');
    const rows = s.positions.flatMap((p) =>
      p.versions.map((v, i) => [
        i === 0 ? p.set : '',
        v.version ?? '(base)',
        v.count,
        v.targets ? v.targets.join(', ') : '',
      ]),
    );
    lines.push(table(['set', 'version', 'targets', 'which'], rows));
  }
  if (s.behind.length) {
    lines.push('');
    lines.push(
      table(
        ['not up to date', 'first problem'],
        s.behind.map((b) => [b.name, b.message]),
      ),
    );
  }
  if (s.failed.length) {
    lines.push('');
    lines.push(
      table(
        ['failed target', 'exit', 'message'],
        s.failed.map((f) => [f.name, f.exitCode, f.message]),
      ),
    );
  }
  if (s.stopped) lines.push('', paint(color, 'yellow', s.stopped));
  const ran = Object.values(s.byOutcome).reduce((a, b) => a + (b ?? 0), 0) - (s.byOutcome['not-run'] ?? 0);
  const verdict =
    s.exitCode === 0
      ? paint(color, 'green', `all ${s.total} target(s) succeeded`)
      : s.exitCode === 1
        ? paint(
            color,
            'yellow',
            `${s.behind.length} target(s) not up to date: voipdb check --url <target> explains one, voipdb fleet upgrade moves them`,
          )
        : paint(
            color,
            'red',
            `${s.failed.length} failed, ${s.byOutcome['not-run'] ?? 0} not run: fix them, then rerun with --resume`,
          );
  lines.push('', `${verdict} (${ran} run in ${(s.durationMs / 1000).toFixed(1)} s)`);
  return lines.join('\n');
}

/** One line on a terminal: done/running/failed/left, rate, time left. Nothing in a pipe. */
class Progress {
  private total = 0;
  private done = 0;
  private running = 0;
  private failed = 0;
  private readonly t0 = performance.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly command: string,
    private readonly on: boolean,
  ) {}

  plan(toRun: number, skipped: number): void {
    this.total = toRun;
    if (this.on && skipped) process.stderr.write(`fleet ${this.command}: ${skipped} target(s) done before, skipped\n`);
  }

  started(): void {
    this.running++;
    this.draw();
  }

  finished(r: TargetResult): void {
    this.running--;
    this.done++;
    if (r.outcome === 'failed') this.failed++;
    this.draw();
  }

  private draw(): void {
    const now = performance.now();
    if (!this.on || (now - this.last < 100 && this.done < this.total)) return;
    this.last = now;
    const secs = (now - this.t0) / 1000;
    const rate = this.done / Math.max(secs, 0.001);
    const left = this.total - this.done - this.running;
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : 0;
    process.stderr.write(
      `\r\u001b[2Kfleet ${this.command}: ${this.done}/${this.total} done · ${this.running} running · ${this.failed} failed · ` +
        `${left} left · ${rate.toFixed(1)}/s · ~${eta} s left`,
    );
    this.shown = true;
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\u001b[2K');
    this.shown = false;
  }
}
