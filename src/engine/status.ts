// The engine's read side: where each set stands, its history rows and stored options. Takes no
// lock and writes nothing, and loads none of the write path (a `check` starts faster without it).

import type { Connection } from '../db/connection.js';
import { dialectOf } from '../dialect/index.js';
import { latestRows, readHistory, type HistoryRow } from './history.js';
import { orderSets, planSet, type SetState } from './planner.js';
import type { ScriptSet } from './types.js';

/** Where every set stands. Reads the history once. */
export async function status(conn: Connection, sets: ScriptSet[]): Promise<SetState[]> {
  const latest = latestRows(await readHistory(conn, dialectOf(conn.dialect)));
  return orderSets(sets).map((s) => planSet(s, conn.dialect, latest.get(s.name), s.options ?? {}));
}

export async function readSetHistory(conn: Connection, set?: string): Promise<HistoryRow[]> {
  const rows = await readHistory(conn, dialectOf(conn.dialect));
  return set ? rows.filter((r) => r.set_name === set) : rows;
}

export { readSetOptions } from './set-options.js';
