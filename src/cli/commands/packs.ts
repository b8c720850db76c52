import type { Command } from 'commander';
import { packs } from '../../commands/packs.js';
import type { CliApp } from '../app.js';
import { table } from '../output.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('packs')
    .description('the packs voipdb ships, with their sets and table groups')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const list = await packs();
      out.result({ packs: list }, () =>
        table(
          ['pack', 'sets', 'description'],
          list.map((p) => [p.name, p.needs ? '(needs -O dir=<dbscripts>)' : p.sets.join(', '), p.description]),
        ),
      );
    });
}
