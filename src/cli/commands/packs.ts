import type { Command } from 'commander';
import { isVoipdbError } from '../../core/errors.js';
import { loadPack, packNames } from '../../packs/index.js';
import type { CliApp } from '../app.js';
import { table } from '../output.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('packs')
    .description('the packs voipdb ships, with their sets and table groups')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const list: { name: string; description: string; sets: string[]; needs?: string; tableGroups: string[] }[] = [];
      for (const name of packNames()) {
        const p = await loadPack(name);
        // A pack whose sets come from the user's files (oVirt's dbscripts) lists none here, saying what it needs.
        let sets: string[] = [];
        let needs: string | undefined;
        try {
          sets = (await p.sets({})).map((s) => s.name);
        } catch (e) {
          if (!isVoipdbError(e) || e.kind !== 'usage') throw e;
          needs = e.hint ? `${e.message} (${e.hint})` : e.message;
        }
        list.push({
          name,
          description: p.description,
          sets,
          ...(needs ? { needs } : {}),
          tableGroups: Object.keys(p.tableGroups ?? {}),
        });
      }
      out.result({ packs: list }, () =>
        table(
          ['pack', 'sets', 'description'],
          list.map((p) => [p.name, p.needs ? '(needs -O dir=<dbscripts>)' : p.sets.join(', '), p.description]),
        ),
      );
    });
}
