import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { VoipdbError } from '../../core/errors.js';
import type { DialectName } from '../../db/url.js';
import { dialectNamed } from '../../dialect/index.js';
import { renderSql } from '../../engine/index.js';
import { requireSets, type CliApp } from '../app.js';

/** The dialect of an offline script: --dialect, or the target URL's. */
export function offlineDialect(app: CliApp, cmd: Command): DialectName {
  const name = app.opts(cmd).dialect as string | undefined;
  const dialect = name ? dialectNamed(name) : app.target(cmd).dialect;
  if (!dialect)
    throw new VoipdbError('usage', `unknown dialect "${name}"`, { hint: '--dialect postgresql | mysql | sqlite' });
  return dialect;
}

/** Print (or write to --output) the offline script of an upgrade or a downgrade. */
export async function printScript(app: CliApp, cmd: Command, direction: 'up' | 'down', target: string): Promise<void> {
  const o = app.opts(cmd);
  const dialect = offlineDialect(app, cmd);
  const sets = requireSets(await app.sets(cmd));
  const script = await renderSql(sets, dialect, {
    direction,
    target,
    from: o.from as string | undefined,
    replay: !!o.replay,
    installedBy: o.installedBy as string | undefined,
  });
  const out = app.output(cmd);
  if (o.output) writeFileSync(o.output as string, script);
  else if (out.json) out.result({ dialect, target, sets: sets.map((s) => s.name), sql: script }, () => script);
  else process.stdout.write(script);
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
