// What a command is pointed at: a URL, a parsed Target, or a Connection the caller opened (and
// closes). No target: the embedded PGlite database in ./voipdb-data, as on the command line.

import { connect } from '../db/connect.js';
import type { Connection } from '../db/connection.js';
import { parseTarget, type Target } from '../db/url.js';

export type TargetLike = string | Target | Connection;

export function isConnection(t: TargetLike | undefined): t is Connection {
  return typeof t === 'object' && t !== null && typeof (t as Connection).query === 'function';
}

/** The Target a URL or Target names (a Connection's own). */
export function targetOf(t: TargetLike | undefined): Target {
  if (isConnection(t)) return t.target;
  return typeof t === 'string' || t === undefined ? parseTarget(t) : t;
}

export interface WithTargetOptions {
  /** A command that only reads: a file or directory database that is not there is refused, not created. */
  readOnly?: boolean;
}

/** Run with an open connection: the caller's, or one opened here and always closed. */
export async function withTarget<T>(
  t: TargetLike | undefined,
  fn: (conn: Connection) => Promise<T>,
  opts: WithTargetOptions = {},
): Promise<T> {
  if (isConnection(t)) return fn(t);
  const conn = await connect(targetOf(t), { mustExist: opts.readOnly });
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}
