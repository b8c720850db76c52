import type { Command } from 'commander';
import { init, type CreateDatabaseChoice } from '../../commands/init.js';
import { repeated } from '../options.js';
import type { CliApp } from '../app.js';
import { table } from '../output.js';
import { stateJson, statesTable } from '../status-view.js';

/** The role --option role=<name> names, and the password files given (as `grants --apply` reads them). */
function ownerRole(options: string[] | undefined, files: string[] | undefined): CreateDatabaseChoice {
  const role = (options ?? [])
    .filter((kv) => kv.startsWith('role='))
    .map((kv) => kv.slice(5))
    .at(-1);
  const split = (kv: string) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];
  return { owner: role || undefined, passwords: { files: Object.fromEntries((files ?? []).map(split)) } };
}

export function register(program: Command, app: CliApp): void {
  program
    .command('init')
    .description(
      'create the database if missing, apply every chosen set to head, load seed data, print a summary of tables and sizes',
    )
    .option(
      '--create-database',
      'create the database when it does not exist (needs rights on the server); ' +
        'with --option role=<name>, PostgreSQL: also that login role, owning it',
    )
    .option(
      '--role-password-file <role=file>',
      "the new role's password from a file (default: $VOIPDB_PASSWORD_<ROLE>)",
      repeated,
    )
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd);
      // The database is created (when asked) before anything connects to it: the command connects itself.
      const r = await init(app.shownTarget(cmd), {
        ...app.setChoice(cmd),
        ...app.engineOptions(cmd),
        packSettings: app.packSettings(cmd),
        createDatabase: o.createDatabase
          ? ownerRole(o.option as string[] | undefined, o.rolePasswordFile as string[] | undefined)
          : undefined,
      });
      const { summaries, tables: sizes } = r;
      out.result(
        {
          applied: r.steps.length,
          sets: r.states.map(stateJson),
          tables: sizes,
          summaries: summaries.map((s) => ({ pack: s.pack, summary: s.data })),
        },
        () =>
          // A second init did nothing: say so, without the whole table list again.
          !r.steps.length
            ? `up to date — nothing to do (${r.states.map((s) => s.set.name).join(', ')})`
            : [
                `${r.steps.length} step(s) applied`,
                statesTable(r.states, out.color),
                '',
                ...summaries.map((s) => s.text),
                ...(sizes
                  ? [
                      table(
                        ['table', 'rows', 'size'],
                        sizes.tables.map((t) => [t.name, t.rows, t.size]),
                      ),
                      `total tables: ${sizes.tables.length}, total size: ${sizes.totalSize}`,
                    ]
                  : []),
              ].join('\n'),
      );
    });
}
