// The crash tests' child (the crash sets upgraded through the library, with failpoints from the
// environment) and what an uninterrupted run leaves, to compare a resumed run with.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../../../src/db/connection.js';
import { introspect } from '../../../src/schema/introspect/index.js';

const CHILD = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

export function runChild(url: string, env: Record<string, string> = {}, mode = ''): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, url, mode], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}

/** What an uninterrupted run leaves: schema, history, version records, data. */
export async function snapshot(conn: Connection): Promise<Record<string, unknown>> {
  const model = await introspect(conn);
  const history = await conn.query<Record<string, unknown>>(
    'SELECT set_name, version, kind, state, checksum, statements_done, error FROM voipdb_history',
  );
  const records: Record<string, unknown> = {};
  for (const s of ['crashinst', 'crashset']) {
    records[s] = (await conn.query<{ v: string }>(`SELECT version_num AS v FROM alembic_version_${s}`)).map((r) => r.v);
  }
  const data = {
    seen: await conn.query('SELECT id, v FROM seen ORDER BY id'),
    phone: await conn.query('SELECT id, name, model FROM phone ORDER BY id'),
  };
  const options = await conn.query('SELECT COUNT(*) AS n FROM voipdb_set_options');
  return {
    model: JSON.parse(JSON.stringify(model)),
    history: history
      .map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, v == null ? null : String(v)])))
      .sort(),
    records,
    data: JSON.parse(JSON.stringify(data)),
    optionsTable: options.length,
  };
}
