// Big-table changes on MySQL/MariaDB while services write (InnoDB):
// - a column addition runs as ALGORITHM=INSTANT (catalog only) where the server can, else
//   ALGORITHM=INPLACE, LOCK=NONE (rebuilt while writes go on); the server says which it can do;
// - `ADD COLUMN id ... AUTO_INCREMENT PRIMARY KEY` (XiVO's queue_log change) cannot run with
//   LOCK=NONE (InnoDB locks the table for the whole rebuild), and queue_log has no key for a
//   trigger-fed copy to match rows on. So the new table takes the writes first and the old rows
//   follow: a shadow table with the key, its AUTO_INCREMENT above the old rows, swapped in by one
//   atomic RENAME TABLE; the frozen old table gets its ids (in insertion order) and is copied back
//   in short batches by id range, then dropped. Writers wait only for the RENAME's metadata lock,
//   bounded by the lock timeout and retried; old rows reappear in the table batch by batch.
// Every step looks at what is there first: a stopped run resumes where it was.

import { VoipdbError } from '../../core/errors.js';
import { silent, type EventSink } from '../../core/events.js';
import type { Connection } from '../../db/connection.js';
import { dialectOf } from '../../dialect/index.js';
import type { OnlineOptions, OnlineResult, SerialPkSpec } from './serial-pk.js';
import { mysql } from '../../dialect/mysql.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = mysql.quote;

/** One DDL under a short lock wait, retried with backoff while the table is busy. */
async function shortDdl(
  conn: Connection,
  sql: string,
  opts: OnlineOptions,
  stats: { lockRetries: number },
): Promise<void> {
  const dialect = dialectOf(conn.dialect);
  const tries = opts.retries ?? 240;
  for (const s of dialect.ddlLockTimeout(opts.lockTimeoutMs ?? 500, false)) await conn.exec(s);
  for (let n = 1; ; n++) {
    try {
      await conn.exec(sql);
      return;
    } catch (e) {
      if (!dialect.isLockTimeout(e) || n >= tries) throw e;
      stats.lockRetries++;
      (opts.events ?? silent)({ type: 'log', level: 'verbose', message: `table busy: gave way to writers (${n})` });
      await sleep(Math.min(2000, 50 * n) + Math.random() * 50);
    }
  }
}

async function tableExists(conn: Connection, table: string): Promise<boolean> {
  return (
    (
      await conn.query('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [
        table,
      ])
    ).length > 0
  );
}

async function columnsOf(conn: Connection, table: string): Promise<{ name: string; key: string; extra: string }[]> {
  const rows = await conn.query<{ name: string; k: string; extra: string }>(
    'SELECT COLUMN_NAME AS name, COLUMN_KEY AS k, EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [table],
  );
  return rows.map((r) => ({ name: r.name, key: r.k, extra: r.extra }));
}

export interface ColumnResult {
  table: string;
  /** How the server did it: catalog only, or rebuilt with writes going on. */
  algorithm: 'INSTANT' | 'INPLACE' | 'present';
  lockRetries: number;
  durationMs: number;
}

/** `ALTER TABLE t ADD COLUMN <definition>` without blocking writers, or a refusal saying why. */
export async function addColumnMysql(
  conn: Connection,
  table: string,
  definition: string,
  opts: OnlineOptions = {},
): Promise<ColumnResult> {
  const start = Date.now();
  const stats = { lockRetries: 0 };
  const name = /^\s*(?:`((?:[^`]|``)+)`|(\w+))/.exec(definition);
  if (!name)
    throw new VoipdbError('usage', `--definition "${definition}": expected "<column> <type> ..."`, {
      hint: 'e.g. --definition "callee VARCHAR(64) NULL"',
    });
  const column = (name[1] ?? name[2])!.replace(/``/g, '`');
  if (!(await tableExists(conn, table)))
    throw new VoipdbError('not-found', `no table ${table} here`, {
      where: conn.target.display,
      hint: 'voipdb doctor lists the tables and their sizes',
    });
  if ((await columnsOf(conn, table)).some((c) => c.name === column))
    return { table, algorithm: 'present', lockRetries: 0, durationMs: Date.now() - start };
  let last: unknown;
  for (const algorithm of ['INSTANT', 'INPLACE'] as const) {
    try {
      await shortDdl(
        conn,
        `ALTER TABLE ${q(table)} ADD COLUMN ${definition}, ALGORITHM=${algorithm}${algorithm === 'INPLACE' ? ', LOCK=NONE' : ''}`,
        opts,
        stats,
      );
      return { table, algorithm, lockRetries: stats.lockRetries, durationMs: Date.now() - start };
    } catch (e) {
      // ER_ALTER_OPERATION_NOT_SUPPORTED(_REASON): this algorithm cannot do it; try the next.
      if (![1845, 1846].includes(Number((e as { errno?: number }).errno))) throw e;
      last = e;
    }
  }
  throw new VoipdbError(
    'refused',
    `${table}: the server cannot add ${column} while writes go on (${String((last as Error).message).split('\n')[0]})`,
    {
      where: conn.target.display,
      hint: 'run the plain change in a quiet window (voipdb upgrade), after voipdb estimate tells how long it takes',
    },
  );
}

/** The MariaDB/MySQL online form of `ALTER TABLE t ADD COLUMN id SERIAL PRIMARY KEY` (see the top of this file). */
export async function addSerialPrimaryKeyMysql(
  conn: Connection,
  spec: SerialPkSpec,
  opts: OnlineOptions = {},
): Promise<OnlineResult> {
  const events: EventSink = opts.events ?? silent;
  const start = Date.now();
  const phases: Record<string, number> = {};
  const stats = { lockRetries: 0 };
  const t = spec.table;
  const shadow = `_${t}_voipdb_new`.slice(0, 64);
  const old = `_${t}_voipdb_old`.slice(0, 64);
  const type = spec.type === 'bigint' ? 'BIGINT' : 'INT';
  const batch = opts.batchRows ?? 10_000;
  const phase = async (name: string, fn: () => Promise<void>) => {
    const t0 = Date.now();
    await fn();
    phases[name] = (phases[name] ?? 0) + Date.now() - t0;
  };
  if (!(await tableExists(conn, t)))
    throw new VoipdbError('not-found', `no table ${t} here`, {
      where: conn.target.display,
      hint: 'voipdb doctor lists the tables',
    });
  const cols = await columnsOf(conn, t);
  const done = cols.some((c) => c.name === spec.column && c.key === 'PRI' && /auto_increment/i.test(c.extra));
  if (done && !(await tableExists(conn, old))) {
    return {
      table: t,
      rows: 0,
      batches: 0,
      lockRetries: 0,
      phases,
      idsFollowOldRows: true,
      alreadyDone: true,
      durationMs: Date.now() - start,
    };
  }
  if (!done) {
    if (cols.some((c) => c.name === spec.column)) {
      throw new VoipdbError('refused', `${t}.${spec.column} exists already and is not an AUTO_INCREMENT primary key`, {
        hint: `look at it (SHOW CREATE TABLE ${t}) before going on`,
      });
    }
    if (cols.some((c) => c.key === 'PRI'))
      throw new VoipdbError('refused', `${t} has a primary key already`, { hint: `SHOW CREATE TABLE ${t}` });
    await phase('shadow', async () => {
      await conn.exec(`DROP TABLE IF EXISTS ${q(shadow)}`);
      await conn.exec(`CREATE TABLE ${q(shadow)} LIKE ${q(t)}`);
      await conn.exec(
        `ALTER TABLE ${q(shadow)} ADD COLUMN ${q(spec.column)} ${type} NOT NULL AUTO_INCREMENT PRIMARY KEY`,
      );
      // New rows' ids start above the old rows' (which get 1..n), with room for rows written
      // between this count and the swap.
      const [c] = await conn.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q(t)}`);
      const n = Number(c!.n);
      await conn.exec(`ALTER TABLE ${q(shadow)} AUTO_INCREMENT = ${n + Math.max(100_000, Math.ceil(n / 10)) + 1}`);
    });
    // One atomic statement: writers go on into the new table.
    await phase('swap', () =>
      shortDdl(conn, `RENAME TABLE ${q(t)} TO ${q(old)}, ${q(shadow)} TO ${q(t)}`, opts, stats),
    );
    events({
      type: 'log',
      level: 'info',
      message: `${t}: the new table takes the writes; old rows follow in batches of ${batch}`,
    });
  }
  // The frozen old table: ids in insertion order (InnoDB's clustered order), nobody waits on it.
  const oldCols = await columnsOf(conn, old);
  if (!oldCols.some((c) => c.name === spec.column)) {
    await phase('number', () =>
      conn.exec(`ALTER TABLE ${q(old)} ADD COLUMN ${q(spec.column)} ${type} NOT NULL AUTO_INCREMENT PRIMARY KEY`),
    );
  }
  const [{ first, last, n }] = (await conn.query<{ first: number | null; last: number | null; n: number }>(
    `SELECT MIN(${q(spec.column)}) AS first, MAX(${q(spec.column)}) AS last, COUNT(*) AS n FROM ${q(old)}`,
  )) as [{ first: number | null; last: number | null; n: number }];
  const [{ next }] = (await conn.query<{ next: number }>(
    `SELECT AUTO_INCREMENT AS next FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    [t],
  )) as [{ next: number }];
  const [{ newMin }] = (await conn.query<{ newMin: number | null }>(
    `SELECT MIN(${q(spec.column)}) AS newMin FROM ${q(t)} WHERE ${q(spec.column)} > ?`,
    [Number(last ?? 0)],
  )) as [{ newMin: number | null }];
  const idsFollowOldRows =
    last === null || newMin === null || Number(last) < Number(newMin) || Number(last) < Number(next);
  // Resume: the old rows copied so far are the ones at or below the highest old id already in t.
  const [{ copied }] = (await conn.query<{ copied: number | null }>(
    `SELECT MAX(${q(spec.column)}) AS copied FROM ${q(t)} WHERE ${q(spec.column)} <= ?`,
    [Number(last ?? 0)],
  )) as [{ copied: number | null }];
  const names = oldCols.filter((c) => c.name !== spec.column).map((c) => q(c.name));
  const list = [q(spec.column), ...names].join(', ');
  let from = Number(copied ?? Number(first ?? 1) - 1);
  // INSERT ... SELECT holds InnoDB's table-level AUTO-INC lock to its end unless
  // innodb_autoinc_lock_mode=2 (Galera's): writers wait for each statement, so keep each short.
  const [mode] = await conn.query<{ m: number }>('SELECT @@innodb_autoinc_lock_mode AS m');
  const step = Number(mode?.m) === 2 ? batch : Math.min(batch, 1_000);
  let rows = 0;
  let batches = 0;
  await phase('backfill', async () => {
    while (last !== null && from < Number(last)) {
      const to = from + step;
      rows += await conn.execute(
        `INSERT INTO ${q(t)} (${list}) SELECT ${list} FROM ${q(old)} WHERE ${q(spec.column)} > ? AND ${q(spec.column)} <= ?`,
        [from, to],
      );
      batches++;
      from = to;
      events({ type: 'progress', task: `${t}: old rows back`, done: rows, total: Number(n), unit: 'rows' });
      if (opts.pauseMs) await sleep(opts.pauseMs);
    }
  });
  await phase('drop', () => conn.exec(`DROP TABLE ${q(old)}`));
  return {
    table: t,
    rows,
    batches,
    lockRetries: stats.lockRetries,
    phases,
    idsFollowOldRows,
    alreadyDone: false,
    durationMs: Date.now() - start,
  };
}
