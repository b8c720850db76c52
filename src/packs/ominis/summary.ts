// What `voipdb init --pack ominis` ends with, like the document's migrate.py: each of the pack's
// tables with its size, the totals, and the verification migrate.py did — every table there,
// and FreeSWITCH's own startup probes passing (so FreeSWITCH will not drop and recreate a table).

import type { Connection } from '../../db/connection.js';
import { tableSizes, human, type TableSize } from '../../schema/introspect/table-sizes.js';
import { failingProbes } from '../freeswitch/index.js';
import { ominisPackTables } from './groups.js';

export interface OminisSummary {
  /** The pack's tables present, by name. */
  tables: TableSize[];
  /** The pack's tables absent. */
  missing: string[];
  /** FreeSWITCH / mod_callcenter probes that fail (empty: FreeSWITCH accepts the schema). */
  failedProbes: string[];
  /** Every table in the database (the document's "Total tables"). */
  totalTables: number;
  totalBytes: number;
  totalSize: string;
}

export async function ominisSummary(conn: Connection): Promise<OminisSummary> {
  const all = await tableSizes(conn);
  const present = new Map(all.tables.map((t) => [t.name, t]));
  const tables = ominisPackTables
    .filter((n) => present.has(n))
    .sort()
    .map((n) => present.get(n)!);
  const failedProbes = await failingProbes(conn);
  const totalBytes = tables.reduce((s, t) => s + t.bytes, 0);
  return {
    tables,
    missing: ominisPackTables.filter((n) => !present.has(n)),
    failedProbes,
    totalTables: all.tables.length,
    totalBytes,
    totalSize: human(totalBytes),
  };
}

export function formatOminisSummary(s: OminisSummary): string {
  const width = Math.max(0, ...s.tables.map((t) => t.name.length));
  const lines = [
    'Database summary:',
    `  Total tables: ${s.totalTables}`,
    ...s.tables.map((t) => `  - ${(t.name + ':').padEnd(width + 1)} ${t.size}`),
    `  ${s.tables.length} Ominis tables, ${s.totalSize}`,
  ];
  lines.push(s.missing.length ? `  ✗ missing tables: ${s.missing.join(', ')}` : '  ✓ every table of the pack exists');
  lines.push(
    s.failedProbes.length
      ? `  ✗ FreeSWITCH would recreate tables: failing probes: ${s.failedProbes.join('; ')}`
      : "  ✓ FreeSWITCH's startup probes pass",
  );
  return lines.join('\n');
}
