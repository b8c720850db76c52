// Every command, in the order `voipdb --help` lists them, each loaded only when needed: a
// process that runs one command imports that command's module and nothing else's.

import type { Command } from 'commander';
import type { CliApp } from '../app.js';

export interface CommandModule {
  register(program: Command, app: CliApp): void;
}

export interface CommandEntry {
  /** The names (and aliases) the module registers. */
  names: string[];
  load(): Promise<CommandModule>;
}

export const commands: CommandEntry[] = [
  { names: ['init'], load: () => import('./init.js') },
  { names: ['check'], load: () => import('./check.js') },
  { names: ['upgrade', 'update'], load: () => import('./upgrade.js') },
  { names: ['downgrade'], load: () => import('./downgrade.js') },
  { names: ['stamp', 'repair'], load: () => import('./stamp.js') },
  { names: ['status', 'history', 'heads'], load: () => import('./status.js') },
  { names: ['sql'], load: () => import('./sql.js') },
  { names: ['new'], load: () => import('./new.js') },
  { names: ['adopt'], load: () => import('./adopt.js') },
  { names: ['diff'], load: () => import('./diff.js') },
  { names: ['packs'], load: () => import('./packs.js') },
  { names: ['convert'], load: () => import('./convert.js') },
  { names: ['estimate'], load: () => import('./estimate.js') },
  { names: ['online'], load: () => import('./online.js') },
  { names: ['prune'], load: () => import('./prune.js') },
  { names: ['replicate'], load: () => import('./replicate.js') },
  { names: ['backup'], load: () => import('./backup.js') },
  { names: ['restore'], load: () => import('./restore.js') },
  { names: ['merge'], load: () => import('./merge.js') },
  { names: ['squash'], load: () => import('./squash.js') },
  { names: ['doctor'], load: () => import('./doctor.js') },
  { names: ['grants'], load: () => import('./grants.js') },
  { names: ['odbc'], load: () => import('./odbc.js') },
  { names: ['erd'], load: () => import('./erd.js') },
  { names: ['report'], load: () => import('./report.js') },
  { names: ['fleet'], load: () => import('./fleet.js') },
];
