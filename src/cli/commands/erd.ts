import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { erd } from '../../commands/erd.js';
import { withConnection, type CliApp } from '../app.js';
import { listed } from '../options.js';

const FORMATS = ['svg', 'dot', 'mermaid'];
const COLUMNS = ['all', 'keys'];

export function register(program: Command, app: CliApp): void {
  program
    .command('erd')
    .description('the live schema as an entity-relationship diagram (SVG, Graphviz DOT or Mermaid), drift marked')
    .option('--tables <names>', 'only these tables (comma-separated, repeatable)', listed)
    .option('--format <format>', 'svg, dot or mermaid', 'svg')
    .option('--columns <which>', 'all columns, or keys: keys, linked and drifted columns only', 'all')
    .option('-o, --output <file>', 'write the diagram to this file instead of standard output')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd) as ReturnType<CliApp['opts']> & {
        tables?: string[];
        format: string;
        columns: string;
        output?: string;
      };
      if (!FORMATS.includes(o.format))
        throw new VoipdbError('usage', `--format ${o.format}: expected svg, dot or mermaid`, {
          hint: 'voipdb erd --format svg -o schema.svg',
        });
      if (!COLUMNS.includes(o.columns))
        throw new VoipdbError('usage', `--columns ${o.columns}: expected all or keys`, {
          hint: 'voipdb erd --columns keys',
        });
      await withConnection(app, cmd, async (conn) => {
        // With --set: only the tables those sets own.
        const r = await erd(conn, {
          ...app.setChoice(cmd),
          format: o.format as 'svg',
          columns: o.columns as 'all',
          ...(o.tables?.length ? { tables: o.tables } : {}),
        });
        if (o.output) {
          writeFileSync(o.output, r.text);
          const { tables, links } = r.model;
          out.result(
            { written: o.output, format: r.format, tables: tables.length, links: links.length },
            () => `wrote ${o.output} (${tables.length} tables, ${links.length} links)`,
          );
        } else if (out.json) out.result({ format: r.format, text: r.text, model: r.model }, () => '');
        else process.stdout.write(r.text);
      });
    });
}
