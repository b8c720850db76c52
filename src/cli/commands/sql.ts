import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { VoipdbError } from '../../core/errors.js';
import type { DialectName } from '../../db/url.js';
import { renderSql } from '../../engine/index.js';
import { requireSets, type CliApp } from '../app.js';

const DIALECTS: Record<string, DialectName> = { postgres: 'postgres', postgresql: 'postgres', pg: 'postgres', mysql: 'mysql', mariadb: 'mysql', sqlite: 'sqlite' };

export function register(program: Command, app: CliApp): void {
  program
    .command('sql')
    .description('the offline SQL script of an upgrade for a dialect, without a connection (alembic --sql)')
    .argument('[target]', 'head (default) or <set>@<version>', 'head')
    .option('--dialect <name>', 'postgresql, mysql or sqlite (default: the target URL\'s dialect)')
    .option('--from <version>', 'render as if the database were already at this version')
    .option('-o, --output <file>', 'write the script to a file')
    .action(async (target: string, _o: unknown, cmd: Command) => {
      const o = app.opts(cmd);
      const name = (o.dialect as string | undefined)?.toLowerCase();
      const dialect = name ? DIALECTS[name] : app.target(cmd).dialect;
      if (!dialect) throw new VoipdbError('usage', `unknown dialect "${name}"`, { hint: '--dialect postgresql | mysql | sqlite' });
      const sets = requireSets(await app.sets(cmd));
      const script = renderSql(sets, dialect, { target, from: o.from as string | undefined });
      if (o.output) writeFileSync(o.output as string, script);
      else if (app.output(cmd).json) app.output(cmd).result({ dialect, target, sets: sets.map((s) => s.name), sql: script }, () => script);
      else process.stdout.write(script);
    });
}
