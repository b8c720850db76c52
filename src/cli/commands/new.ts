import type { Command } from 'commander';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VoipdbError } from '../../core/errors.js';
import { compareVersions } from '../../engine/order.js';
import { detectConvention } from '../../engine/sources.js';
import type { CliApp } from '../app.js';

/** The next file name in a directory set, by its convention. */
export function nextFileName(files: string[], description: string, convention = detectConvention(files)): string {
  const slug = description.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'change';
  const versions = (re: RegExp) => files.map((f) => re.exec(f)).filter((m): m is RegExpExecArray => !!m);
  switch (convention) {
    case 'flyway': {
      const vs = versions(/^V(\d+(?:[._]\d+)*)__/).map((m) => m[1]!.replace(/_/g, '.')).sort(compareVersions);
      const last = vs.at(-1)?.split('.') ?? ['0'];
      last[last.length - 1] = String(Number(last.at(-1)) + 1);
      return `V${last.join('.')}__${slug}.sql`;
    }
    case 'ovirt': {
      const vs = versions(/^(\d{2})_(\d{2})_(\d{4})_/).map((m) => [m[1]!, m[2]!, Number(m[3])] as const).sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]) || a[2] - b[2]);
      const l = vs.at(-1) ?? (['04', '01', 0] as const);
      return `${l[0]}_${l[1]}_${String(l[2] + 10).padStart(4, '0')}_${slug.replace(/(?:^|_)([a-z0-9])/g, (_s, c: string) => c.toUpperCase())}.sql`;
    }
    case 'xivo-legacy': {
      const vs = versions(/^([a-z]+)-(\d+)\.sql$/);
      const l = vs.sort((a, b) => Number(a[2]) - Number(b[2])).at(-1);
      const db = l?.[1] ?? 'asterisk';
      const width = l?.[2]!.length ?? 3;
      return `${db}-${String(Number(l?.[2] ?? 0) + 1).padStart(width, '0')}.sql`;
    }
    case 'modules':
    case 'numbered': {
      const vs = versions(/^(\d+)[_-]/);
      const width = vs[0]?.[1]!.length ?? 4;
      const next = Math.max(0, ...vs.map((m) => Number(m[1]))) + 1;
      return `${String(next).padStart(width, '0')}_${slug}.${convention === 'modules' ? 'js' : 'sql'}`;
    }
  }
}

export function register(program: Command, app: CliApp): void {
  program
    .command('new')
    .description("a new migration file in a directory set, named by the set's convention")
    .argument('<description>', 'what the migration does')
    .action(async (description: string, _o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const dirs = app.opts(cmd).dir ?? [];
      if (dirs.length !== 1) throw new VoipdbError('usage', 'new needs exactly one --dir', { hint: 'voipdb new --dir migrations "add column x"' });
      const dir = existsSync(join(dirs[0]!, 'upgrade')) ? join(dirs[0]!, 'upgrade') : dirs[0]!;
      if (!existsSync(dir)) throw new VoipdbError('not-found', `directory ${dir} does not exist`, { hint: `mkdir -p ${dir}` });
      const name = nextFileName(readdirSync(dir), description);
      const file = join(dir, name);
      const body = name.endsWith('.js') ? `export const description = ${JSON.stringify(description)};\n\nexport function up(op) {\n}\n\nexport function down(op) {\n}\n` : `-- ${description}\n`;
      writeFileSync(file, body, { flag: 'wx' });
      out.result({ created: file }, () => `created ${file}`);
    });
}
