import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { formatOdbcConfig, odbc } from '../../commands/odbc.js';
import type { CliApp } from '../app.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('odbc')
    .description(
      "odbc.ini / odbcinst.ini entries and FreeSWITCH's switch.conf, callcenter.conf and odbc_cdr.conf snippets for the target",
    )
    .option('--dsn <name>', 'ODBC data source name (default: the database name)')
    .option(
      '--user <login>',
      "the login FreeSWITCH uses (default: the target's user), e.g. freeswitch_user from voipdb grants",
    )
    .option('--driver-dir <dir>', "where the ODBC drivers are (default: Debian's /usr/lib/<arch>/odbc)")
    .option('--cdr-table <name>', 'the table mod_odbc_cdr inserts into', 'cdr')
    .option('--log-leg <leg>', 'a-leg, b-leg or both', 'a-leg')
    .option('--out <dir>', 'write the five files into this directory instead of printing them')
    .option(
      '--with-password',
      "put the login's password in odbc.ini (mode 0600; needs --out): the target's, or $VOIPDB_PASSWORD_<USER> for --user",
    )
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd) as ReturnType<CliApp['opts']> & {
        dsn?: string;
        user?: string;
        driverDir?: string;
        cdrTable: string;
        logLeg: string;
        out?: string;
        withPassword?: boolean;
      };
      if (!['a-leg', 'b-leg', 'both'].includes(o.logLeg))
        throw new VoipdbError('usage', `--log-leg ${o.logLeg}: expected a-leg, b-leg or both`, {
          hint: 'voipdb odbc --log-leg a-leg',
        });
      if (o.withPassword && !o.out)
        throw new VoipdbError('usage', 'the password is never printed: --with-password needs --out <dir>', {
          hint: 'voipdb odbc --with-password --out /etc/freeswitch/odbc',
        });
      const config = odbc(app.target(cmd), {
        dsn: o.dsn,
        user: o.user,
        withPassword: o.withPassword,
        driverDir: o.driverDir,
        cdrTable: o.cdrTable,
        logLeg: o.logLeg as 'a-leg',
        out: o.out,
      });
      if (config.written) {
        const paths = config.written;
        out.result({ dsn: config.dsn, written: paths, notes: config.notes }, () =>
          [...paths.map((p) => `wrote ${p}`), ...config.notes.map((n) => `note: ${n}`)].join('\n'),
        );
      } else {
        out.result(
          {
            dsn: config.dsn,
            files: config.files.map((f) => ({ name: f.name, content: f.content })),
            notes: config.notes,
          },
          () => formatOdbcConfig(config),
        );
      }
    });
}
