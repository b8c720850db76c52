import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { createDatabase } from '../../ops/create-database.js';
import { refuseUnsupportedDialect } from '../../engine/refusals.js';
import { passwordEnvName, readPasswords } from '../../ops/grants.js';
import { repeated } from '../options.js';
import { init } from '../../commands/index.js';
import { requireSets, withConnection, type CliApp } from '../app.js';
import { table } from '../output.js';
import { stateJson, statesTable } from '../status-view.js';

/** The role --option role=<name> names, with its password (as `grants --apply` reads passwords). */
function ownerRole(
  options: string[] | undefined,
  files: string[] | undefined,
): { role: string; password: string } | undefined {
  const role = (options ?? [])
    .filter((kv) => kv.startsWith('role='))
    .map((kv) => kv.slice(5))
    .at(-1);
  if (!role) return undefined;
  const split = (kv: string) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];
  const fileOf = Object.fromEntries((files ?? []).map(split));
  const { passwords } = readPasswords([role], { files: fileOf });
  const password = passwords[role];
  if (!password) {
    throw new VoipdbError('usage', `the new role ${role} needs a password`, {
      hint: `set ${passwordEnvName(role)}, or give --role-password-file ${role}=<file>, then run voipdb init --create-database again`,
    });
  }
  return { role, password };
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
      const target = app.target(cmd);
      // A set this back-end cannot hold is refused before the database (or SQLite file) is made for it.
      refuseUnsupportedDialect(await app.sets(cmd), target.dialect);
      if (o.createDatabase) {
        const owner = ownerRole(o.option as string[] | undefined, o.rolePasswordFile as string[] | undefined);
        const r = await createDatabase(target, { owner });
        if (r.roleCreated) out.info(`created role ${owner!.role}`);
        if (r.created) out.info(`created database ${target.database}${owner ? ` owned by ${owner.role}` : ''}`);
      }
      await withConnection(app, cmd, async (conn) => {
        const sets = requireSets(await app.sets(cmd, conn));
        // A pack may end init with its own summary (Ominis's migrate.py); otherwise every table and its size.
        const r = await init(conn, {
          ...app.engineOptions(cmd),
          scriptSets: sets,
          packSettings: app.packSettings(cmd),
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
    });
}
