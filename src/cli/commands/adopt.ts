import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { stamp } from '../../engine/index.js';
import { loadPack } from '../../packs/index.js';
import { withConnection, type CliApp } from '../app.js';
import { statesTable, stateJson } from '../status-view.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('adopt')
    .description("take over a database made by a platform's own tooling (alembic, kamdbctl, oVirt, ...) without re-running anything")
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      const o = app.opts(cmd);
      if (!o.pack?.length) throw new VoipdbError('usage', 'adopt needs --pack <name>', { hint: 'voipdb adopt --pack kamailio --url ...' });
      await withConnection(app, cmd, async (conn) => {
        const sets = await app.sets(cmd, conn);
        const found: { set: string; version: string | null }[] = [];
        for (const name of o.pack!) {
          const pack = await loadPack(name);
          const detected = await pack.detect?.(conn);
          if (!detected) throw new VoipdbError('refused', `this database does not look like one made by ${name}'s own tooling`, { where: conn.target.display, hint: `voipdb diff --pack ${name} shows how it differs` });
          found.push(...detected);
        }
        let states = [];
        for (const f of found) {
          const set = sets.filter((s) => s.name === f.set);
          if (set.length && f.version) states.push(...(await stamp(conn, set, f.version, app.engineOptions(cmd))).states);
        }
        out.result({ adopted: found, sets: states.map(stateJson) }, () => `adopted: ${found.map((f) => `${f.set} at ${f.version ?? 'base'}`).join(', ')}\n` + statesTable(states, out.color));
      });
    });
}
