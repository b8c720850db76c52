import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { sql } from '../../commands/migrations.js';
import type { CliApp } from '../app.js';

/** Print (or write to --output) the offline script of an upgrade or a downgrade. */
export async function printScript(app: CliApp, cmd: Command, direction: 'up' | 'down', target: string): Promise<void> {
  const o = app.opts(cmd);
  const name = o.dialect as string | undefined;
  const r = await sql(name ? undefined : app.target(cmd), {
    ...app.setChoice(cmd),
    dialect: name,
    direction,
    to: target,
    from: o.from as string | undefined,
    replay: !!o.replay,
    installedBy: o.installedBy as string | undefined,
  });
  const out = app.output(cmd);
  if (o.output) writeFileSync(o.output as string, r.text);
  else if (out.json) out.result({ dialect: r.dialect, target, sets: r.sets, sql: r.text }, () => r.text);
  else process.stdout.write(r.text);
}

export function register(program: Command, app: CliApp): void {
  program
    .command('sql')
    .description('the offline SQL script of an upgrade for a dialect, without a connection (alembic --sql)')
    .argument('[target]', 'head (default) or <set>@<version>', 'head')
    .option('--dialect <name>', "postgresql, mysql or sqlite (default: the target URL's dialect)")
    .option('--from <version>', 'render as if the database were already at this version')
    .option('--replay', 'render every migration instead of the head schema in one step on an empty database')
    .option('-o, --output <file>', 'write the script to a file')
    .action(async (target: string, _o: unknown, cmd: Command) => printScript(app, cmd, 'up', target));
}
