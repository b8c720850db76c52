// Offline equals online: the same plan rendered as a script for a dialect, with the history
// and version-record writes, for a DBA to review and run (alembic --sql).

import type { DialectName } from '../db/url.js';
import { dialectOf } from '../dialect/index.js';
import { insertRowSql } from './history.js';
import { orderSets, planSet } from './planner.js';
import { upgradeSteps } from './index.js';
import type { ScriptSet } from './types.js';

export interface OfflineOptions {
  /** Render as if the database were at this version already (`<set>@<version>` or a version). */
  from?: string;
  target?: string;
  installedBy?: string;
}

export function renderSql(sets: ScriptSet[], dialectName: DialectName, opts: OfflineOptions = {}): string {
  const dialect = dialectOf(dialectName);
  const ordered = orderSets(sets);
  const states = ordered.map((s) => {
    const st = planSet(s, dialectName, undefined, s.options ?? {});
    if (opts.from) {
      const at = opts.from.lastIndexOf('@');
      const fromSet = at > 0 ? opts.from.slice(0, at) : undefined;
      const fromVer = at > 0 ? opts.from.slice(at + 1) : opts.from;
      if (!fromSet || fromSet === s.name) {
        const idx = st.ordered.versioned.findIndex((m) => m.version === fromVer);
        if (idx >= 0) st.pending = st.pending.filter((rm) => st.ordered.index.get(rm.migration.version)! > idx);
      }
    }
    return st;
  });
  const steps = upgradeSteps(states, opts.target, dialect);
  const out: string[] = [`-- voipdb offline script for ${dialectName}`, `-- sets: ${ordered.map((s) => s.name).join(', ')}`, ''];
  const emit = (sql: string) => out.push(dialect.scriptStatement(sql));
  for (const ddl of dialect.historyDDL()) emit(ddl);
  for (const s of ordered) for (const vr of s.versionRecords ?? []) for (const sql of vr.ensure(dialectName)) emit(sql);
  out.push('');
  for (const step of steps) {
    const m = step.migration;
    out.push(`-- ${step.set.name}: ${step.kind} ${step.kind === 'versioned' ? m.version + ' ' : ''}${m.script}${m.description ? ' — ' + m.description.split('\n')[0] : ''}`);
    const transactional = dialect.transactionalDDL && m.transactional !== false && step.statements.every((s) => s.transactional);
    if (transactional) emit(dialect.begin);
    if (!step.recordOnly) for (const s of step.statements) emit(s.sql);
    if (step.kind !== 'drop-repeatables') {
      emit(
        insertRowSql(dialect, {
          set: step.set.name,
          version: step.kind === 'versioned' ? m.version : null,
          description: m.description,
          kind: step.kind === 'versioned' ? m.kind : step.kind,
          script: m.script,
          checksum: step.checksum,
          installedBy: opts.installedBy ?? 'voipdb sql',
          startedAt: null,
          state: step.state,
        }),
      );
    }
    if (step.versionRecords) for (const vr of step.set.versionRecords ?? []) for (const sql of vr.write(dialectName, m, 'up', step.set)) emit(sql);
    if (transactional) emit(dialect.commit);
    out.push('');
  }
  return out.join('\n');
}
