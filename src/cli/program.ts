// The voipdb command: a thin front over the library. Every failure is one line and an exit code.
// Start-up is most of a quick command's time, so a run loads only the command it runs; help,
// an unknown command or arguments it cannot read load them all.

import { Command, CommanderError } from 'commander';
import { ExitCode, VoipdbError, isVoipdbError } from '../core/errors.js';
import { handleInterrupts } from '../core/interrupt.js';
import { redact } from '../core/redact.js';
import { isConnectionLost } from '../db/lost.js';
import { permissionError } from '../db/drivers/errors.js';
import { parseTarget } from '../db/url.js';
import { createApp } from './app.js';
import { paint } from './output.js';
import { commands } from './commands/index.js';
import { repeated } from './options.js';

/** The program with its global options and no commands yet. */
export function createProgram(): Command {
  const program = new Command('voipdb')
    .description('provision, check, upgrade, convert, replicate and back up telephony databases')
    .version('0.1.0')
    .option(
      '-u, --url <url>',
      'target database URL (default: $VOIPDB_URL, $DATABASE_URL, config, or embedded PGlite in ./voipdb-data)',
    )
    .option('-c, --config <file>', 'voipdb.json, or an alembic config.ini (sqlalchemy.url, script_location)')
    .option('--password-file <file>', 'read the password from a file instead of the URL')
    .option('-d, --dir <path>', 'a directory script set (repeatable)', repeated)
    .option('-p, --pack <name>', 'a pack: asterisk, kamailio, freeswitch, ominis, ... (repeatable)', repeated)
    .option('-s, --set <name>', 'limit to these sets (repeatable)', repeated)
    .option(
      '-O, --option <key=value>',
      'a pack option, e.g. exclude=sip,iax or groups=standard,presence (repeatable)',
      repeated,
    )
    .option('--convention <name>', 'directory naming convention: flyway, ovirt, numbered, xivo-legacy, modules')
    .option(
      '--legacy-state-dir <dir>',
      'XiVO legacy state files (asterisk-last, xivo-last); default /var/lib/xivo-manage-db/update-db',
    )
    .option(
      '--legacy-migration-dir <dir>',
      'XiVO legacy asterisk-NNN.sql / xivo-NNN.sql scripts; default /usr/share/xivo-manage-db/migration',
    )
    .option(
      '--legacy-db <db=url>',
      'another legacy database to fold in when switching, e.g. xivo=postgresql://... (repeatable)',
      repeated,
    )
    .option('--legacy-drop-role <role>', 'drop this role after folding the legacy database in')
    .option('--lock-timeout <seconds>', 'how long to wait for another upgrade (default 60)')
    .option(
      '--ddl-lock-timeout <seconds>',
      'longest one DDL statement waits for its table lock before giving way to writers and retrying (default 2; 0: no limit)',
    )
    .option('--ddl-retries <n>', 'tries per DDL statement when its table lock stays busy (default 8)')
    .option('--json', 'machine-readable output')
    .option('-v, --verbose', 'say more')
    .option('--debug', 'say everything, with stack traces')
    .option('--no-color', 'no colour')
    .showHelpAfterError(false)
    .exitOverride();
  program.configureOutput({ outputError: () => {} });
  return program;
}

/** The command named in args: the first operand, when every word before it is a global option or its value. */
export function commandName(program: Command, args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) return a;
    if (a.startsWith('--') && a.includes('=')) continue;
    const o = program.options.find((x) => x.short === a || x.long === a);
    if (!o || o.optional) return undefined;
    if (o.required) i++;
  }
  return undefined;
}

/** Run voipdb on process.argv; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  handleInterrupts();
  // A reader that stopped early (`voipdb sql | head`) is not a failure: stop quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const program = createProgram();
  const name = commandName(program, argv.slice(2));
  const chosen = commands.filter((c) => name !== undefined && c.names.includes(name));
  // --version alone needs no command at all.
  const version = name === undefined && argv.slice(2).some((a) => a === '-V' || a === '--version');
  const modules = await Promise.all((chosen.length || version ? chosen : commands).map((c) => c.load()));
  const app = createApp();
  for (const m of modules) m.register(program, app);
  return execute(program, argv);
}

/** The user of --url, for a grant hint. */
function urlUser(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--url' || a.startsWith('--url='));
  const url = i < 0 ? undefined : argv[i].startsWith('--url=') ? argv[i].slice(6) : argv[i + 1];
  try {
    return url ? parseTarget(url).user : undefined;
  } catch {
    return undefined;
  }
}

/** Parse and run; a failure becomes one line on stderr and its exit code. */
async function execute(program: Command, argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
      process.stderr.write(`voipdb: ${e.message.replace(/^error: /, '')} — next: voipdb --help\n`);
      return ExitCode.usage;
    }
    const err = isVoipdbError(e)
      ? e
      : permissionError(e, urlUser(argv))
        ? permissionError(e, urlUser(argv))!
        : isConnectionLost(e)
          ? new VoipdbError(
              'connection-lost',
              `the server went away: ${String((e as Error)?.message ?? e).split('\n')[0]}`,
              { hint: 'run the command again when the server is back', cause: e },
            )
          : new VoipdbError('internal', String((e as Error)?.message ?? e).split('\n')[0]!, {
              hint: 'run again with --debug and report the output',
              cause: e,
            });
    if (json) process.stdout.write(redact(JSON.stringify(err.toJSON())) + '\n');
    process.stderr.write(redact(`voipdb: ${paint(!!process.stderr.isTTY, 'red', err.line())}`) + '\n');
    if (debug) process.stderr.write(redact(String((e as Error)?.stack ?? e)) + '\n');
    return err.exitCode;
  }
}
