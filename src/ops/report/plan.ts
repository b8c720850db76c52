// What the next upgrade would do, per set, with the warnings an admin wants before the night:
// steps that lose data in tables holding rows, and statements that hold a table while writers wait.

import type { Connection } from '../../db/connection.js';
import { dialectOf } from '../../dialect/index.js';
import { risksOf, risksWithRows, type DataLossRisk } from '../../engine/data-loss.js';
import type { SetState } from '../../engine/planner.js';

export interface PlannedStep {
  version: string;
  description: string;
  script: string;
  statements: number;
  transactional: boolean;
}

export interface LockWarning {
  version: string;
  table: string;
  rows: number;
  message: string;
}

export interface SetPlan {
  set: string;
  from: string | null;
  to: string | null;
  steps: PlannedStep[];
  dataLoss: DataLossRisk[];
  locks: LockWarning[];
}

const ID = String.raw`["\x60]?([\w$.]+)["\x60]?`;
// Statements that take a lock on the whole table for as long as they run.
const HOLDS = [
  { re: new RegExp(String.raw`^\s*ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?${ID}`, 'i'), what: 'ALTER TABLE' },
  {
    re: new RegExp(
      String.raw`^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+ON\s+(?:ONLY\s+)?${ID}`,
      'i',
    ),
    what: 'CREATE INDEX',
  },
  { re: new RegExp(String.raw`^\s*UPDATE\s+${ID}(?![\s\S]*\bWHERE\b)`, 'i'), what: 'UPDATE of every row' },
];

export interface PlanOptions {
  /** Tables with at least this many rows get a lock warning (default 10 000). */
  lockRows?: number;
  /** Rows per table, as `doctor` read them. */
  rows?: Map<string, number>;
}

export async function pendingPlans(conn: Connection, states: SetState[], opts: PlanOptions = {}): Promise<SetPlan[]> {
  const dialect = dialectOf(conn.dialect);
  const lockRows = opts.lockRows ?? 10_000;
  const plans: SetPlan[] = [];
  for (const st of states) {
    if (!st.pending.length) continue;
    const risks: DataLossRisk[] = [];
    const locks: LockWarning[] = [];
    for (const rm of st.pending) {
      risks.push(...risksOf(rm.up, rm.modelBefore));
      for (const s of rm.up.statements) {
        for (const h of HOLDS) {
          const m = h.re.exec(s.sql);
          if (!m) continue;
          const table = m[1]!.split('.').pop()!;
          const rows = opts.rows?.get(table) ?? 0;
          if (rows >= lockRows) {
            locks.push({
              version: rm.migration.version,
              table,
              rows,
              message: `${h.what} on ${table} (${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}) holds the table while it runs: writers wait (voipdb estimate measures how long)`,
            });
          }
          break;
        }
      }
    }
    plans.push({
      set: st.set.name,
      from: st.current,
      to: st.head,
      steps: st.pending.map((rm) => ({
        version: rm.migration.version,
        description: rm.migration.description,
        script: rm.migration.script,
        statements: rm.up.statements.length,
        transactional: rm.migration.transactional !== false,
      })),
      dataLoss: await risksWithRows(conn, dialect, risks),
      locks,
    });
  }
  return plans;
}
