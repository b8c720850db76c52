import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { adopt, type Detected } from '../../commands/adopt.js';
import { withConnection, type CliApp } from '../app.js';
import { statesTable, stateJson } from '../status-view.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('adopt')
    .description(
      "take over a database made by a platform's own tooling (alembic, kamdbctl, oVirt, ...) without re-running anything",
    )
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd);
      if (!o.pack?.length)
        throw new VoipdbError('usage', 'adopt needs --pack <name>', { hint: 'voipdb adopt --pack kamailio --url ...' });
      await withConnection(app, cmd, async (conn) => {
        const r = await adopt(conn, { ...app.engineOptions(cmd), packs: o.pack! });
        const [found, states, unclear] = [r.adopted, r.sets, r.unclear];
        if (unclear.length)
          out.warn(
            `not adopted (present only in part, or with version rows that disagree): ${unclear.map((f) => (f.note ? `${f.set}: ${f.note}` : f.set)).join(', ')} — voipdb check --pack ${o.pack!.join(' --pack ')} names the rows`,
          );
        const line = (f: Detected) => `${f.set} at ${f.version ?? 'base'}${f.note && f.version ? ` (${f.note})` : ''}`;
        out.result(
          { adopted: found, sets: states.map(stateJson) },
          () =>
            `adopted: ${found
              .filter((f) => f.version)
              .map(line)
              .join(', ')}\n` + statesTable(states, out.color),
        );
      });
    });
}
