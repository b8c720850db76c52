// What a pending step does to a Galera cluster. With wsrep_OSU_method=TOI (the default) every DDL
// statement runs in total order isolation: each node applies it at the same point, and the whole
// cluster waits for it — for as long as it takes on that table's rows. The plan (voipdb estimate)
// marks those steps with their table's size and names the alternative where one is safe.

import type { Topology } from '../db/topology.js';

export interface ClusterEffect {
  /** Every node waits while this step runs (TOI DDL). */
  blocksCluster: boolean;
  /** A documented alternative that is safe for this change, or why there is none. */
  alternative: string;
}

const DDL = /^\s*(?:ALTER|CREATE|DROP|RENAME|TRUNCATE)\b/i;

function adviceFor(sql: string): string {
  if (/\bADD\s+(?:COLUMN\s+)?[^,]*\bAUTO_INCREMENT\b/i.test(sql)) {
    return 'voipdb online --add-primary-key <table>: a shadow table takes the writes, old rows follow in batches';
  }
  if (
    /^\s*ALTER\s+TABLE\b/i.test(sql) &&
    /\bADD\s+(?:COLUMN\s+)?/i.test(sql) &&
    !/\b(?:MODIFY|CHANGE|DROP|RENAME|CONVERT|ENGINE)\b/i.test(sql) &&
    !/\bADD\s+(?:UNIQUE\s+|PRIMARY\s+)?(?:INDEX|KEY|CONSTRAINT|FOREIGN)\b/i.test(sql)
  ) {
    return 'instant in InnoDB (voipdb online --add-column, ALGORITHM=INSTANT): the cluster waits a moment, not a rebuild';
  }
  if (/^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b/i.test(sql) || /\bADD\s+(?:UNIQUE\s+)?(?:INDEX|KEY)\b/i.test(sql)) {
    return 'RSU node by node (SET SESSION wsrep_OSU_method=RSU on each node in turn) is safe: an index is backward compatible';
  }
  return 'no safe alternative: the old and new schema are not compatible row by row; run it in a quiet window';
}

export function clusterEffect(statements: string[], topology: Topology): ClusterEffect | undefined {
  const g = topology.galera;
  if (!g) return undefined;
  const ddl = statements.filter((s) => DDL.test(s));
  if (!ddl.length) return { blocksCluster: false, alternative: '' };
  const blocksCluster = g.osuMethod.toUpperCase() === 'TOI';
  // The heaviest statement decides the advice: a key addition over a column addition over an index.
  const advices = ddl.map(adviceFor);
  const order = ['voipdb online --add-primary-key', 'no safe alternative', 'RSU', 'instant'];
  const alternative = order.map((o) => advices.find((a) => a.startsWith(o))).find(Boolean) ?? advices[0]!;
  return { blocksCluster, alternative };
}
