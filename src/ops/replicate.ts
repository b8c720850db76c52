// `replicate`: copy a master to a standby, leaving out table groups (by default the ones XiVO's
// 14.08 note names: HA settings, network, support, call-center statistics). The one-shot sync
// reads the master in one snapshot and writes the standby in one transaction: a sync that dies
// half-way leaves the standby as it was. The master is never written.
// Continuous PostgreSQL replication (publication + subscription) lives in ./replicate/logical.ts.

import { VoipdbError } from '../core/errors.js';
import { silent } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import { catalogOf } from './catalog.js';
import { planReplicate, type ReplicateOptions } from './replicate/plan.js';
import { beginSnapshot, copyTable, endSnapshot } from './replicate/transfer.js';
import { standbySide } from './replicate/standby.js';

export { planReplicate, type ReplicateOptions, type ReplicatePlan } from './replicate/plan.js';
export {
  startLogical,
  stopLogical,
  logicalStatus,
  requireLogicalWal,
  type LogicalOptions,
  type LogicalResult,
  type LogicalStatus,
} from './replicate/logical.js';

export interface ReplicateResult {
  tables: { table: string; rows: number }[];
  excluded: { table: string; group: string }[];
  sequences: number;
  rows: number;
  durationMs: number;
  /** false when the standby role could not switch FK checks off (tables loaded parents first). */
  fkChecksOff: boolean;
}

/** One-shot sync: the standby ends equal to the master on every included table, or unchanged. */
export async function replicate(
  master: Connection,
  standby: Connection,
  opts: ReplicateOptions = {},
): Promise<ReplicateResult> {
  const events = opts.events ?? silent;
  const started = Date.now();
  const plan = await planReplicate(master, standby, opts);
  for (const g of plan.unknownGroups)
    events({ type: 'log', level: 'verbose', message: `no table group "${g}" here: nothing to leave out for it` });
  for (const [t, g] of plan.excluded) events({ type: 'log', level: 'verbose', message: `left out: ${t} (${g})` });

  const side = standbySide(standby.dialect);
  const tables: { table: string; rows: number }[] = [];
  let fkChecksOff: boolean;
  await beginSnapshot(master);
  try {
    fkChecksOff = await side.begin(standby);
    let committed = false;
    try {
      await side.clear(standby, plan.included, plan.referencedFromOutside);
      const rebuild = (await side.dropIndexes?.(standby, plan.included)) ?? [];
      const frozen = side.freezable?.(plan.included, plan.referencedFromOutside) ?? new Set<string>();
      const cat = catalogOf(master);
      let i = 0;
      for (const t of plan.included) {
        const columns = await cat.columns(master, t);
        const rows = await copyTable(master, standby, t, columns, { freeze: frozen.has(t) });
        tables.push({ table: t, rows });
        events({ type: 'progress', task: 'replicate', done: ++i, total: plan.included.length, unit: 'tables' });
        events({ type: 'log', level: 'verbose', message: `${t}: ${rows} rows` });
      }
      for (const ddl of rebuild) await standby.exec(ddl);
      const seqValues = await side.readSequences(master, plan.sequences);
      await side.setSequences(standby, seqValues);
      await side.commit(standby);
      committed = true;
      await side.afterCommit?.(standby, seqValues);
      return {
        tables,
        excluded: [...plan.excluded].map(([table, group]) => ({ table, group })),
        sequences: seqValues.length,
        rows: tables.reduce((n, t) => n + t.rows, 0),
        durationMs: Date.now() - started,
        fkChecksOff,
      };
    } catch (e) {
      if (!committed) await side.rollback(standby);
      if (e instanceof VoipdbError) throw e;
      const at = tables.length < plan.included.length ? ` while copying ${plan.included[tables.length]}` : '';
      throw new VoipdbError(
        'refused',
        `the sync failed${at}: ${String((e as Error).message).split('\n')[0]}; the standby was left as it was`,
        {
          where: standby.target.display,
          hint: fkChecksOff
            ? 'fix the cause, then run voipdb replicate again'
            : 'connect to the standby as a superuser (FK checks are switched off for the sync), then run voipdb replicate again',
          cause: e,
        },
      );
    }
  } finally {
    await endSnapshot(master);
  }
}
