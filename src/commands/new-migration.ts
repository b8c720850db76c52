// new: the next migration file of a directory set, named by that set's convention.

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VoipdbError } from '../core/errors.js';
import { nextFileName } from '../engine/next-file.js';

export interface NewOptions {
  /** The directory set (its upgrade/ folder when it has one). */
  dir: string;
  description: string;
}

/** What a new file starts with: a module's exports (typed in TypeScript), or a comment. */
function template(name: string, description: string): string {
  const d = JSON.stringify(description);
  if (name.endsWith('.ts')) {
    const up = (f: string) => `export function ${f}(op: Ops) {\n}\n`;
    return `import type { Ops } from 'voipdb';\n\nexport const description = ${d};\n\n${up('up')}\n${up('down')}`;
  }
  if (/\.m?js$/.test(name))
    return `export const description = ${d};\n\nexport function up(op) {\n}\n\nexport function down(op) {\n}\n`;
  return `-- ${description}\n`;
}

/** A new migration file in a directory set, named by that set's convention. */
export function newMigration(opts: NewOptions): { created: string } {
  const dir = existsSync(join(opts.dir, 'upgrade')) ? join(opts.dir, 'upgrade') : opts.dir;
  if (!existsSync(dir))
    throw new VoipdbError('not-found', `directory ${dir} does not exist`, { hint: `mkdir -p ${dir}` });
  const name = nextFileName(readdirSync(dir), opts.description);
  const file = join(dir, name);
  writeFileSync(file, template(name, opts.description), { flag: 'wx' });
  return { created: file };
}
