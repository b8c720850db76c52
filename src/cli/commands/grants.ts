import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { grants } from '../../commands/grants.js';
import { withConnection, type CliApp } from '../app.js';
import { table } from '../output.js';
import { repeated } from '../options.js';

function pairs(list: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0)
      throw new VoipdbError('usage', `${flag} ${kv}: expected key=value`, { hint: `e.g. ${flag} freeswitch=fs_user` });
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

export function register(program: Command, app: CliApp): void {
  program
    .command('grants')
    .description(
      'the roles and grants a pack expects (ominis: API, FreeSWITCH, analytics), as SQL to review, or applied with --apply',
    )
    .option(
      '--apply',
      'create the roles and grant, on the target (passwords from $VOIPDB_PASSWORD_<ROLE> or --role-password-file)',
    )
    .option(
      '--role <key=name>',
      'rename a role, e.g. freeswitch=fs_user (ominis keys: api, freeswitch, analytics; repeatable)',
      repeated,
    )
    .option('--role-password-file <role=file>', "a role's password from a file (repeatable)", repeated)
    .option('--host <pattern>', "MySQL: the accounts' host (default %)")
    .option('--schema <name>', 'PostgreSQL: the schema the tables are in (default: the search path)')
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd) as ReturnType<CliApp['opts']> & {
        apply?: boolean;
        role?: string[];
        rolePasswordFile?: string[];
        host?: string;
        schema?: string;
      };
      const opts: Record<string, string> = { ...pairs(o.role, '--role') };
      if (o.host) opts.host = o.host;
      if (o.schema) opts.schema = o.schema;
      const files = pairs(o.rolePasswordFile, '--role-password-file');

      const request = { packs: o.pack, apply: o.apply, settings: opts, passwords: { files } };
      // Reviewing a named pack's grants needs no connection: the target only names the dialect and database.
      const r =
        !o.apply && o.pack?.length
          ? await grants(app.target(cmd), request)
          : await withConnection(app, cmd, (conn) => grants(conn, request));
      if ('scripts' in r) {
        out.result({ scripts: r.scripts }, () => r.scripts.join('\n'));
        return;
      }
      out.result({ applied: r.applied }, () =>
        table(
          ['pack', 'role', 'statements'],
          r.applied.flatMap((a) => a.roles.map((x) => [a.pack, x.role, x.statements])),
        ),
      );
    });
}
