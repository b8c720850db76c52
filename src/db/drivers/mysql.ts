import type { Connection, Row } from '../connection.js';
import type { Target } from '../url.js';
import type { VoipdbError } from '../../core/errors.js';
import { connectError, missingDriver } from './errors.js';
import { mysqlTls, noTlsOnServer, type TlsChoice } from './tls.js';

export async function connectMysql(target: Target): Promise<Connection> {
  let mysql: typeof import('mysql2/promise');
  try {
    mysql = (await import('mysql2/promise')).default as unknown as typeof import('mysql2/promise');
  } catch (e) {
    throw missingDriver('mysql2', e);
  }
  const tls = mysqlTls(target);
  try {
    return await open(mysql, target, tls.ssl);
  } catch (e) {
    if (!tls.fallback || !noTlsOnServer((e as VoipdbError).cause ?? e)) throw e;
    return open(mysql, target, undefined);
  }
}

async function open(
  mysql: typeof import('mysql2/promise'),
  target: Target,
  ssl: TlsChoice['ssl'],
): Promise<Connection> {
  let conn: import('mysql2/promise').Connection;
  const socketPath = target.params.unix_socket ?? (target.host?.startsWith('/') ? target.host : undefined);
  try {
    conn = await mysql.createConnection({
      host: socketPath ? undefined : target.host,
      port: target.port,
      socketPath,
      user: target.user ?? 'root',
      password: target.password,
      database: target.database,
      multipleStatements: true,
      charset:
        (target.params.charset ?? 'utf8mb4').toUpperCase() === 'UTF8'
          ? 'UTF8MB4_GENERAL_CI'
          : (target.params.charset ?? 'utf8mb4'),
      connectTimeout: Number(target.params.connect_timeout ?? 10) * 1000,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      decimalNumbers: false,
      infileStreamFactory: undefined,
      ssl: ssl as import('mysql2').SslOptions | undefined,
    });
  } catch (e) {
    throw connectError(target, e);
  }
  conn.on('error', () => {});
  return {
    target,
    dialect: 'mysql',
    driver: 'mysql2',
    raw: conn,
    async query<R = Row>(sql: string, params?: readonly unknown[]) {
      const [rows] = await conn.query(sql, params as unknown[] | undefined);
      return (Array.isArray(rows) ? rows : []) as R[];
    },
    async execute(sql: string, params?: readonly unknown[]) {
      const [res] = await conn.query(sql, params as unknown[] | undefined);
      return (res as { affectedRows?: number }).affectedRows ?? 0;
    },
    async exec(script: string) {
      await conn.query(script);
    },
    async close() {
      await conn.end().catch(() => {});
    },
    destroy() {
      conn.destroy();
    },
  };
}
