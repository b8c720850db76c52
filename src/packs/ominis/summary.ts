// What `voipdb init --pack ominis` prints at the end, like the document's migrate.py: each of the
// pack's tables with its size, and the totals.

import type { Connection } from '../../db/connection.js';
import { tableSummary, type TableSummary } from '../../ops/doctor.js';
import { ominisPackTables } from './index.js';

export function ominisSummary(conn: Connection): Promise<TableSummary> {
  return tableSummary(conn, ominisPackTables);
}
