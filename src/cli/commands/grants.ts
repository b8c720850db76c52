import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { applyGrants, grantsScript, reviewGrants, type ApplyResult } from '../../ops/grants.js';
import { loadPack, packOfSet } from '../../packs/index.js';
import type { Pack } from '../../engine/types.js';
import { readSetHistory } from '../../engine/index.js';
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

      const packsFrom = async (names: string[]): Promise<Pack[]> => {
        const packs = await Promise.all(names.map(loadPack));
        const withRoles = packs.filter((p) => p.grants);
        if (!withRoles.length)
          throw new VoipdbError('usage', `no roles in pack(s) ${names.join(', ') || '(none)'}`, {
            hint: 'voipdb grants --pack ominis',
          });
        return withRoles;
      };

      if (!o.apply && o.pack?.length) {
        // Review needs no connection: the target only names the dialect and database.
        const target = app.target(cmd);
        const scripts = (await packsFrom(o.pack)).map((p) =>
          grantsScript(p, reviewGrants(p, target.dialect, target, opts), target.dialect),
        );
        out.result({ scripts }, () => scripts.join('\n'));
        return;
      }
      await withConnection(app, cmd, async (conn) => {
        const names = o.pack?.length
          ? o.pack
          : [
              ...new Set(
                (await readSetHistory(conn)).map((r) => packOfSet(r.set_name)).filter((p): p is string => !!p),
              ),
            ];
        const packs = await packsFrom(names);
        if (!o.apply) {
          const scripts = packs.map((p) =>
            grantsScript(p, reviewGrants(p, conn.dialect, conn.target, opts), conn.dialect),
          );
          out.result({ scripts }, () => scripts.join('\n'));
          return;
        }
        const applied: ({ pack: string } & ApplyResult)[] = [];
        for (const p of packs) applied.push({ pack: p.name, ...(await applyGrants(conn, p, opts, { files })) });
        out.result({ applied }, () =>
          table(
            ['pack', 'role', 'statements'],
            applied.flatMap((a) => a.roles.map((r) => [a.pack, r.role, r.statements])),
          ),
        );
      });
    });
}
