import type { Command } from 'commander';
import { VoipdbError } from '../../core/errors.js';
import { stamp, type SetState } from '../../engine/index.js';
import type { Detected, ScriptSet } from '../../engine/types.js';
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
        const found: Detected[] = [];
        const sets: ScriptSet[] = [];
        for (const name of o.pack!) {
          const pack = await loadPack(name);
          const detected = await pack.detect?.(conn);
          if (!detected) throw new VoipdbError('refused', `this database does not look like one made by ${name}'s own tooling`, { where: conn.target.display, hint: `voipdb diff --pack ${name} shows how it differs` });
          found.push(...detected);
          // The sets as found (e.g. Kamailio's groups), whatever the flags chose.
          const options: Record<string, unknown> = {};
          for (const d of detected) for (const [k, v] of Object.entries(d.options ?? {})) options[k] = Array.isArray(v) ? [...((options[k] as unknown[]) ?? []), ...v] : v;
          for (const s of await pack.sets(options)) sets.push(Object.assign(s, { options: { ...(s.options ?? {}), ...options } }));
        }
        const states: SetState[] = [];
        for (const f of found) {
          const set = sets.filter((s) => s.name === f.set);
          if (set.length && f.version) states.push(...(await stamp(conn, set, f.version, app.engineOptions(cmd))).states);
        }
        const unclear = found.filter((f) => !f.version);
        if (unclear.length) out.warn(`not adopted (present only in part, or with version rows that disagree): ${unclear.map((f) => (f.note ? `${f.set}: ${f.note}` : f.set)).join(', ')} — voipdb check --pack ${o.pack!.join(' --pack ')} names the rows`);
        const line = (f: Detected) => `${f.set} at ${f.version ?? 'base'}${f.note && f.version ? ` (${f.note})` : ''}`;
        out.result({ adopted: found, sets: states.map(stateJson) }, () => `adopted: ${found.filter((f) => f.version).map(line).join(', ')}\n` + statesTable(states, out.color));
      });
    });
}
