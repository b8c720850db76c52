// What stands behind a connection, asked of its dialect.

import type { Connection } from '../db/connection.js';
import type { Topology } from '../db/topology.js';
import { dialectOf } from '../dialect/index.js';

/** What stands behind a connection: one server, a Galera node, a read-only standby, a pooler. */
export async function topologyOf(conn: Connection): Promise<Topology> {
  return dialectOf(conn.dialect).topology(conn);
}
