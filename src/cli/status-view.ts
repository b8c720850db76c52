// How a set's state reads, for people and for JSON.

import type { SetState } from '../commands/index.js';
import { paint, table } from './output.js';

export function stateJson(s: SetState) {
  return {
    set: s.set.name,
    current: s.current,
    head: s.head,
    applied: s.applied,
    pending: s.pending.map((p) => p.migration.version),
    repeatablesChanged: s.repeatablesChanged.map((m) => m.script),
    hooksChanged: s.hooksChanged.map((m) => m.script),
    partial: s.partial
      ? { version: s.partial.rendered.migration.version, resumeAt: s.partial.row.statements_done + 1 }
      : undefined,
    problems: s.problems.map(({ kind, version, script, message, hint, blocking }) => ({
      kind,
      version,
      script,
      message,
      hint,
      blocking,
    })),
    upToDate: s.upToDate,
  };
}

export function statesTable(states: SetState[], color: boolean): string {
  const rows = states.map((s) => [
    s.set.name,
    s.upToDate ? paint(color, 'green', 'OK') : paint(color, 'red', 'NOK'),
    s.current ?? '(empty)',
    s.head ?? '-',
    String(s.pending.length),
    s.problems.length ? String(s.problems.length) : '',
  ]);
  const lines = [table(['set', 'state', 'current', 'head', 'pending', 'problems'], rows)];
  for (const s of states) {
    for (const c of s.repeatableChecksums ?? []) {
      const what = c.recorded
        ? `${c.script} changed since it was applied (checksum ${c.recorded.slice(0, 12)} → ${c.now.slice(0, 12)}; a repeatable: the next upgrade drops and recreates it)`
        : `${c.script} has not been applied yet (a repeatable: the next upgrade creates it)`;
      lines.push(`${paint(color, 'yellow', 'pending')} ${s.set.name}: ${what}\n    next: voipdb upgrade`);
    }
    for (const m of s.hooksChanged) {
      const what = `${m.script} changed since it last ran (a re-entrant hook: the next upgrade runs it)`;
      lines.push(`${paint(color, 'yellow', 'pending')} ${s.set.name}: ${what}\n    next: voipdb upgrade`);
    }
  }
  for (const s of states)
    for (const p of s.problems)
      lines.push(
        `${paint(color, p.blocking ? 'red' : 'yellow', p.kind)} ${s.set.name}: ${p.message}\n    next: ${p.hint}`,
      );
  return lines.join('\n');
}
