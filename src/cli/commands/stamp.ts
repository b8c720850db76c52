import type { Command } from 'commander';
import { repair, stamp } from '../../commands/migrations.js';
import { withConnection, type CliApp } from '../app.js';
import { stateJson, statesTable } from '../status-view.js';

export function register(program: Command, app: CliApp): void {
  program
    .command('stamp')
    .description('record the database as being at a version without running anything')
    .argument('<target>', 'head, base, <version> or <set>@<version>')
    .action(async (target: string, _o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      await withConnection(app, cmd, async (conn) => {
        const r = await stamp(conn, target, { ...app.setChoice(cmd), ...app.engineOptions(cmd) });
        out.result(
          { stamped: r.steps, sets: r.states.map(stateJson) },
          () => `${r.steps.length} record(s) written\n` + statesTable(r.states, out.color),
        );
      });
    });
  program
    .command('repair')
    .description(
      'accept edited applied scripts as they are now (records their new checksums); undo retired revisions a set no longer has',
    )
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      await withConnection(app, cmd, async (conn) => {
        const r = await repair(conn, { ...app.setChoice(cmd), ...app.engineOptions(cmd) });
        const undone = r.steps.filter((st) => st.direction === 'down');
        const lines = [
          ...undone.map((st) => `${st.set}: ${st.script} undone (no release has it)`),
          `${r.steps.length - undone.length} checksum(s) accepted`,
        ];
        const text = () => lines.join('\n') + '\n' + statesTable(r.states, out.color);
        out.result({ repaired: r.steps, sets: r.states.map(stateJson) }, text);
      });
    });
}
