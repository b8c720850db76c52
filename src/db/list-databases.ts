// `fleet --server URL --databases PATTERN`: the databases on a server whose names match a LIKE
// pattern, each as a target of its own.

import { connect } from './connect.js';
import { withDatabase, type Target } from './url.js';

/** Names of the server's databases matching `pattern` (SQL LIKE: % and _), sorted. */
export async function listDatabases(server: Target, pattern: string): Promise<string[]> {
  const admin = await connect(
    server.dialect === 'postgres' ? withDatabase(server, server.database ?? 'postgres') : server,
  );
  try {
    const rows =
      server.dialect === 'postgres'
        ? await admin.query<{ name: string }>(
            'SELECT datname AS name FROM pg_database WHERE NOT datistemplate AND datname LIKE ? ORDER BY 1',
            [pattern],
          )
        : await admin.query<{ name: string }>(
            'SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ? ORDER BY 1',
            [pattern],
          );
    return rows.map((r) => String(r.name));
  } finally {
    await admin.close();
  }
}
