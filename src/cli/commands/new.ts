import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { newMigration } from '../../commands/new-migration.js';
import type { CliApp } from '../app.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('new')
    .description("a new migration file in a directory set, named by the set's convention")
    .argument('<description>', 'what the migration does')
    .action(async (description: string, _o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const dirs = app.opts(cmd).dir ?? [];
      if (dirs.length !== 1)
        throw new VoipdbError('usage', 'new needs exactly one --dir', {
          hint: 'voipdb new --dir migrations "add column x"',
        });
      const { created: file } = newMigration({ dir: dirs[0]!, description });
      out.result({ created: file }, () => `created ${file}`);
    });
}
