import type { Command } from 'commander';
import { doctor, type DoctorReport } from '../../commands/doctor.js';
import { withConnection, type CliApp } from '../app.js';
import { humanSize as human, paint, table } from '../output.js';

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n');
const size = (bytes: number | null) => (bytes === null ? '?' : human(bytes));

function render(r: DoctorReport, color: boolean): string {
  const out: string[] = [`${r.target} (${r.dialect})`];
  if (r.connections !== null) out.push(`connections: ${r.connections}`);
  if (r.activeQueries !== null) {
    out.push(`active queries: ${r.activeQueries.length}`);
    if (r.activeQueries.length)
      out.push(
        indent(
          table(
            ['pid', 'user', 'state', 'query'],
            r.activeQueries.map((q) => [q.pid, q.user, q.state, (q.query ?? '').replace(/\s+/g, ' ').slice(0, 100)]),
          ),
        ),
      );
  }
  out.push(
    '',
    'tables:',
    indent(
      table(
        ['table', 'rows', 'size'],
        r.tables.map((t) => [t.name, t.rows, t.size]),
      ),
    ),
  );
  if (r.indexes) {
    out.push(
      '',
      'index use:',
      indent(
        table(
          ['table', 'index', 'scans', 'size'],
          r.indexes.map((i) => [i.table, i.index, i.scans, size(i.bytes)]),
        ),
      ),
    );
    out.push(
      '',
      `unused indexes (no scans since the statistics were reset; keys excluded): ${r.unusedIndexes!.length}`,
    );
    if (r.unusedIndexes!.length)
      out.push(
        indent(
          table(
            ['table', 'index', 'size'],
            r.unusedIndexes!.map((i) => [i.table, i.index, size(i.bytes)]),
          ),
        ),
      );
  }
  if (r.sets.length) {
    out.push(
      '',
      'script sets:',
      indent(
        table(
          ['set', 'state', 'current', 'head', 'pending'],
          r.sets.map((s) => [
            s.set,
            s.upToDate ? paint(color, 'green', 'OK') : paint(color, 'red', 'NOK'),
            s.current ?? '(none)',
            s.head ?? '(none)',
            s.pending,
          ]),
        ),
      ),
    );
    for (const s of r.sets) for (const p of s.problems) out.push(`  ${s.set}: ${p}`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

export function register(program: Command, app: CliApp): void {
  program
    .command('doctor')
    .description(
      'connections, active queries, table sizes, index use, unused indexes, and where every script set stands',
    )
    .action(async (_o: unknown, cmd: Command) => {
      const out = app.output(cmd);
      await withConnection(app, cmd, async (conn) => {
        // the sets chosen by flags, or those this database records
        const report = await doctor(conn, app.setChoice(cmd));
        out.result(report, () => render(report, out.color));
      });
    });
}
