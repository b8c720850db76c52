import type { Command } from 'commander';
import { loadPack, packNames } from '../../packs/index.js';
import type { CliApp } from '../app.js';
import { table } from '../output.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('packs')
    .description('the packs voipdb ships, with their sets and table groups')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const list: { name: string; description: string; sets: string[]; tableGroups: string[] }[] = [];
      for (const name of packNames()) {
        const p = await loadPack(name);
        list.push({ name, description: p.description, sets: (await p.sets({})).map((s) => s.name), tableGroups: Object.keys(p.tableGroups ?? {}) });
      }
      out.result({ packs: list }, () => table(['pack', 'sets', 'description'], list.map((p) => [p.name, p.sets.join(', '), p.description])));
    });
}
