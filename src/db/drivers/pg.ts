import type { Connection, Row } from '../connection.js';
import { toDollarParams } from '../connection.js';
import type { Target } from '../url.js';
import type { VoipdbError } from '../../core/errors.js';
import { connectError, missingDriver } from './errors.js';
import { noTlsOnServer, pgTls, type TlsChoice } from './tls.js';

export async function connectPg(target: Target): Promise<Connection> {
  let pg: typeof import('pg');
  // pg probes for Cloudflare Workers by building a fetch Response unless `navigator` exists
  // (Node 21+ has it); on Node 20 that loads the fetch library, ~25 ms on every command.
  (globalThis as { navigator?: unknown }).navigator ??= { userAgent: `Node.js/${process.versions.node.split('.')[0]}` };
  try {
    pg = (await import('pg')).default as unknown as typeof import('pg');
  } catch (e) {
    throw missingDriver('pg', e);
  }
  const tls = pgTls(target);
  try {
    return await open(pg, target, tls.ssl);
  } catch (e) {
    if (!tls.fallback || !noTlsOnServer((e as VoipdbError).cause ?? e)) throw e;
    return open(pg, target, undefined);
  }
}

async function open(pg: typeof import('pg'), target: Target, ssl: TlsChoice['ssl']): Promise<Connection> {
  // int8 and numeric come back as strings by default; keep them exact, but make counts usable.
  const client = new pg.Client({
    host: target.params.host ?? target.host,
    port: target.port,
    user: target.user ?? process.env.PGUSER ?? process.env.USER,
    password: target.password,
    database: target.database,
    application_name: 'voipdb',
    connectionTimeoutMillis: Number(target.params.connect_timeout ?? 10) * 1000,
    ssl,
  });
  client.on('error', () => {}); // a dropped connection surfaces on the next query
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw connectError(target, e);
  }
  await client.query('SET client_min_messages = warning');
  // If voipdb dies mid-statement, the server notices within a second and rolls back, releasing
  // the upgrade lock, instead of running on (PostgreSQL 14+; older servers lack the setting).
  await client.query('SET client_connection_check_interval = 1000').catch(() => {});
  return {
    target,
    dialect: 'postgres',
    driver: 'pg',
    raw: client,
    async query<R = Row>(sql: string, params?: readonly unknown[]) {
      const r = await client.query(params?.length ? toDollarParams(sql) : sql, params as unknown[] | undefined);
      return (r.rows ?? []) as R[];
    },
    async execute(sql: string, params?: readonly unknown[]) {
      const r = await client.query(params?.length ? toDollarParams(sql) : sql, params as unknown[] | undefined);
      return r.rowCount ?? 0;
    },
    async exec(script: string) {
      await client.query(script);
    },
    async close() {
      await client.end().catch(() => {});
    },
    destroy() {
      (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    },
  };
}
