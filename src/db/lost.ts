// A connection that died under a run: the server went away (killed, restarted, network cut),
// which is neither a migration's fault nor voipdb's bug.

const CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  // mysql2
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'CR_SERVER_GONE_ERROR',
  'CR_SERVER_LOST',
  'ER_NET_READ_ERROR',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, connection_exception family
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

const MESSAGES =
  /Connection terminated|is not queryable|connection is in closed state|Client has encountered a connection error|server closed the connection unexpectedly|Connection lost|socket has been ended|read ECONNRESET|write EPIPE|terminating connection due to administrator command/i;

export function isConnectionLost(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; fatal?: boolean } | undefined;
  if (!err) return false;
  if (CODES.has(String(err.code ?? ''))) return true;
  return MESSAGES.test(String(err.message ?? e));
}
