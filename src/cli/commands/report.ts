import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { fleetReport, report } from '../../commands/erd.js';
import { parseOptions, withConnection, type CliApp } from '../app.js';
import { repeated } from '../options.js';

type ReportOpts = ReturnType<CliApp['opts']> & {
  output: string;
  title?: string;
  columns: string;
  lockRows: string;
  fleet?: boolean;
  inventory?: string;
  server?: string[];
  databases?: string;
  sqlite?: string[];
  parallel?: string;
};

/** `report --fleet`: the targets as `voipdb fleet` takes them, read by a fleet check. */
async function fleet(app: CliApp, cmd: Command, o: ReportOpts): Promise<void> {
  const out = app.output(cmd);
  const parallel = o.parallel === undefined ? undefined : Number(o.parallel);
  if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1)) {
    throw new VoipdbError('usage', `--parallel ${o.parallel}: expected a whole number ≥ 1`, {
      hint: 'e.g. --parallel 4',
    });
  }
  const options = parseOptions(o.option);
  const r = await fleetReport(
    {
      inventory: o.inventory,
      sqlite: o.sqlite,
      servers: o.server,
      databases: o.databases,
      packs: o.pack?.length ? o.pack.map((name) => ({ name, sets: o.set, options })) : undefined,
      dirs: o.dir,
      passwordFile: o.passwordFile,
    },
    { title: o.title, parallel },
  );
  const html = r.html;
  if (o.output === '-') {
    process.stdout.write(html);
    return;
  }
  writeFileSync(o.output, html);
  const s = r.model.summary;
  out.result(
    { written: o.output, total: s.total, byOutcome: s.byOutcome },
    () =>
      `wrote ${o.output}: ${s.total} target(s), ${Object.entries(s.byOutcome)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
  );
}

export function register(program: Command, app: CliApp): void {
  program
    .command('report')
    .description(
      'one self-contained HTML file: sets, history timeline, schema diagram with drift, sizes, doctor, pending plan',
    )
    .option('-o, --output <file>', 'where to write the HTML ("-" for standard output)', 'report.html')
    .option('--title <text>', 'the title at the top of the page')
    .option('--columns <which>', 'columns the diagram shows: keys (keys, linked, drifted) or all', 'keys')
    .option('--lock-rows <n>', 'warn about statements that hold tables with at least this many rows', '10000')
    .option('--fleet', "a fleet's summary instead: a read-only fleet check of the targets given as to voipdb fleet")
    .option('-i, --inventory <file>', '--fleet: targets, packs and options per target (YAML or JSON)')
    .option(
      '--server <url>',
      '--fleet: a server whose databases matching --databases are targets (repeatable)',
      repeated,
    )
    .option('--databases <pattern>', "--fleet: which databases on --server (SQL LIKE, e.g. 'tenant_%')")
    .option('--sqlite <glob>', "--fleet: SQLite files, e.g. '/srv/tenants/*.db' (repeatable)", repeated)
    .option('--parallel <n>', '--fleet: targets read at once (default 8)')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd) as ReportOpts;
      const lockRows = Number(o.lockRows);
      if (!Number.isInteger(lockRows) || lockRows < 0)
        throw new VoipdbError('usage', `--lock-rows ${o.lockRows}: expected a whole number`, {
          hint: 'voipdb report --lock-rows 100000',
        });
      if (!['all', 'keys'].includes(o.columns))
        throw new VoipdbError('usage', `--columns ${o.columns}: expected keys or all`, {
          hint: 'voipdb report --columns all',
        });
      if (o.fleet) return fleet(app, cmd, o);
      const fleetOnly = (['inventory', 'server', 'databases', 'sqlite', 'parallel'] as const).find(
        (k) => o[k] !== undefined,
      );
      if (fleetOnly)
        throw new VoipdbError('usage', `--${fleetOnly} describes a fleet: it needs --fleet`, {
          hint: 'voipdb report --fleet -i inventory.yaml -o fleet.html',
        });
      await withConnection(app, cmd, async (conn) => {
        const r = await report(conn, {
          ...app.setChoice(cmd),
          title: o.title,
          lockRows,
          columns: o.columns as 'keys',
        });
        const html = r.html;
        if (o.output === '-') {
          process.stdout.write(html);
          return;
        }
        writeFileSync(o.output, html);
        const m = r.model;
        const nok = m.sets.filter((s) => s.state === 'NOK').length;
        const pending = m.plans.reduce((a, p) => a + p.steps.length, 0);
        out.result(
          {
            written: o.output,
            sets: m.sets,
            drift: m.drift.differences.length,
            pending,
            runs: m.history.length,
            tables: m.diagram.model.tables.length,
          },
          () =>
            `wrote ${o.output}: ${m.sets.length} set(s)${nok ? `, ${nok} not up to date` : ''}, ${m.diagram.model.tables.length} tables, ${m.drift.differences.length} drift difference(s), ${pending} pending step(s), ${m.history.length} run(s) in the history`,
        );
      });
    });
}
