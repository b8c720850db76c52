// The online form of `ALTER TABLE t ADD COLUMN id SERIAL PRIMARY KEY` on PostgreSQL.
// The plain statement rewrites the table and builds the key under an ACCESS EXCLUSIVE lock held
// for the whole run (XiVO: ~10 minutes per 2.5 million queue_log rows), blocking every INSERT.
// Here each lock is held for an instant:
//   1. ADD COLUMN id integer (nullable, no default: catalog only) and SET DEFAULT nextval(seq),
//      in one short transaction; the sequence starts above the existing rows, so old rows keep
//      lower ids than new ones, as with the plain statement.
//   2. back-fill the existing rows in batches by physical position (ctid ranges), each batch its
//      own short transaction; progress reported; a final sweep catches rows moved meanwhile.
//   3. NOT NULL through a CHECK (id IS NOT NULL) NOT VALID, validated without blocking writes,
//      so that SET NOT NULL skips its scan.
//   4. CREATE UNIQUE INDEX CONCURRENTLY, then ADD PRIMARY KEY USING INDEX (instant).
// Every step looks at what is already there first: a run that stopped resumes where it was.

import { VoipdbError } from '../../core/errors.js';
import type { EventSink } from '../../core/events.js';
import type { Connection } from '../../db/connection.js';
import { catalogOf, quote } from '../catalog.js';
import { shortDdl, shortDml, type RetryOptions, type RetryStats } from './retry.js';

export interface SerialPkSpec {
  table: string;
  column: string;
  /** As SERIAL names it: <table>_<column>_seq. */
  sequence: string;
  /** As PostgreSQL names a table's key: <table>_pkey. */
  constraint: string;
  type: 'integer' | 'bigint';
  /** Roles given ALL on the sequence (XiVO: GRANT ALL ON SEQUENCE queue_log_id_seq TO asterisk). */
  grantTo: string[];
}

export function serialPkSpec(table: string, column = 'id', opts: Partial<SerialPkSpec> = {}): SerialPkSpec {
  return {
    table,
    column,
    sequence: opts.sequence ?? `${table}_${column}_seq`,
    constraint: opts.constraint ?? `${table}_pkey`,
    type: opts.type ?? 'integer',
    grantTo: opts.grantTo ?? [],
  };
}

export interface OnlineOptions {
  /** Rows per back-fill batch (default 10000). */
  batchRows?: number;
  /** Longest a DDL may wait for its lock before giving way to writers (default 500 ms). */
  lockTimeoutMs?: number;
  /** Tries per short step (default 240). */
  retries?: number;
  /** Pause between batches, to let replicas and vacuum keep up (default 0). */
  pauseMs?: number;
  events?: EventSink;
}

export interface OnlineResult {
  table: string;
  /** Rows back-filled now. */
  rows: number;
  batches: number;
  lockRetries: number;
  /** Milliseconds per phase. */
  phases: Record<string, number>;
  /** false when the sequence could not start above the existing rows (ids then interleave). */
  idsFollowOldRows: boolean;
  alreadyDone: boolean;
  durationMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface State {
  hasColumn: boolean;
  hasDefault: boolean;
  notNull: boolean;
  pk: string[];
  hasIndex: boolean;
  indexValid: boolean;
  hasCheck: boolean;
}

async function stateOf(conn: Connection, s: SerialPkSpec): Promise<State> {
  const [col] = await conn.query<{ notnull: boolean; def: string | null }>(
    `SELECT a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ?::regclass AND a.attname = ? AND NOT a.attisdropped`,
    [quote('postgres', s.table), s.column],
  );
  const [idx] = await conn.query<{ valid: boolean }>(
    `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = ?`,
    [s.constraint],
  );
  const [chk] = await conn.query(`SELECT 1 AS x FROM pg_constraint WHERE conrelid = ?::regclass AND conname = ?`, [
    quote('postgres', s.table),
    `${s.constraint}_notnull`,
  ]);
  return {
    hasColumn: !!col,
    hasDefault: !!col?.def && col.def.includes('nextval'),
    notNull: !!col?.notnull,
    pk: await catalogOf(conn).primaryKey(conn, s.table),
    hasIndex: !!idx,
    indexValid: !!idx?.valid,
    hasCheck: !!chk,
  };
}

export async function addSerialPrimaryKeyOnline(
  conn: Connection,
  s: SerialPkSpec,
  opts: OnlineOptions = {},
): Promise<OnlineResult> {
  const events = opts.events ?? (() => {});
  const started = Date.now();
  const retry: RetryOptions = { lockTimeoutMs: opts.lockTimeoutMs ?? 500, retries: opts.retries ?? 240, events };
  const stats: RetryStats = { lockRetries: 0 };
  const batchRows = Math.max(100, opts.batchRows ?? 10_000);
  const q = (id: string) => quote('postgres', id);
  const [t, c, seq, bf, pkey] = [q(s.table), q(s.column), q(s.sequence), q(`${s.sequence}_backfill`), q(s.constraint)];
  const seqLit = `'${q(s.sequence).replace(/'/g, "''")}'`;
  const phases: Record<string, number> = {};
  const phase = async (name: string, fn: () => Promise<void>) => {
    const t0 = Date.now();
    events({ type: 'log', level: 'verbose', message: `${s.table}: ${name}` });
    await fn();
    phases[name] = (phases[name] ?? 0) + Date.now() - t0;
  };

  if (!(await catalogOf(conn).tables(conn)).includes(s.table)) {
    throw new VoipdbError('not-found', `table ${s.table} does not exist`, {
      where: conn.target.display,
      hint: 'check the table name (voipdb doctor lists the tables)',
    });
  }
  let st = await stateOf(conn, s);
  if (st.pk.length && !(st.pk.length === 1 && st.pk[0] === s.column)) {
    throw new VoipdbError('refused', `${s.table} already has a primary key (${st.pk.join(', ')})`, {
      where: conn.target.display,
      hint: `drop it first, or add ${s.column} as a unique column instead`,
    });
  }
  if (st.pk.length === 1 && st.hasDefault && st.notNull) {
    return {
      table: s.table,
      rows: 0,
      batches: 0,
      lockRetries: 0,
      phases,
      idsFollowOldRows: true,
      alreadyDone: true,
      durationMs: Date.now() - started,
    };
  }
  if (st.hasColumn && !st.hasDefault) {
    throw new VoipdbError('refused', `${s.table}.${s.column} exists but is not filled from a sequence`, {
      where: conn.target.display,
      hint: `rename or drop ${s.table}.${s.column}, then run again`,
    });
  }

  let idsFollowOldRows = true;
  // 1. the column and its default: catalog-only changes, one short lock.
  if (!st.hasColumn) {
    await phase('add column', async () => {
      const [est] = await conn.query<{ n: string }>(
        `SELECT GREATEST(reltuples, 0)::bigint::text AS n FROM pg_class WHERE oid = ?::regclass`,
        [t],
      );
      const [cnt] =
        Number(est!.n) > 0 ? [{ n: est!.n }] : await conn.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
      // new rows start above every existing row: estimate + 20% + margin for rows arriving meanwhile
      const start = Math.ceil(Number(cnt!.n) * 1.2) + 100_000;
      await conn.exec(`CREATE SEQUENCE IF NOT EXISTS ${seq} AS ${s.type}`);
      await conn.exec(`CREATE SEQUENCE IF NOT EXISTS ${bf} AS ${s.type}`);
      await conn.query(`SELECT setval(${seqLit}, ?::bigint, false)`, [start]);
      await shortDdl(
        conn,
        `add ${s.table}.${s.column}`,
        [
          `ALTER TABLE ${t} ADD COLUMN ${c} ${s.type}`,
          `ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT nextval(${seqLit}::regclass)`,
        ],
        retry,
        stats,
      );
    });
    st = await stateOf(conn, s);
  }

  // 2. back-fill by physical position, one short transaction per batch.
  let rows = 0;
  let batches = 0;
  if (!st.notNull && !st.hasCheck) {
    await phase('back-fill', async () => {
      await conn.exec(`CREATE SEQUENCE IF NOT EXISTS ${bf} AS ${s.type}`);
      const [{ missing }] = (await conn.query<{ missing: string }>(
        `SELECT count(*)::text AS missing FROM ${t} WHERE ${c} IS NULL`,
      )) as [{ missing: string }];
      const [{ start, bfnext }] = (await conn.query<{ start: string; bfnext: string }>(
        `SELECT (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM ${seq})::text AS start, (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM ${bf})::text AS bfnext`,
      )) as [{ start: string; bfnext: string }];
      // The old rows' ids must stay below the first new id; otherwise take ids from the main sequence.
      const source = BigInt(bfnext) + BigInt(missing) < BigInt(start) ? bf : seq;
      idsFollowOldRows = source === bf;
      if (!idsFollowOldRows)
        events({
          type: 'log',
          level: 'warn',
          message: `${s.table}: more rows than expected; old rows get ids after the new ones`,
        });
      const srcLit = `'${source.replace(/'/g, "''")}'`;
      const total = Number(missing);
      const [{ pages, per }] = (await conn.query<{ pages: string; per: string }>(
        `SELECT (pg_relation_size(c.oid) / current_setting('block_size')::int)::text AS pages,
                GREATEST(1, CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN c.reltuples / c.relpages ELSE 50 END)::text AS per
           FROM pg_class c WHERE c.oid = ?::regclass`,
        [t],
      )) as [{ pages: string; per: string }];
      const step = Math.max(1, Math.floor(batchRows / Number(per)));
      await conn.exec(`SET lock_timeout = '${retry.lockTimeoutMs}ms'`);
      try {
        for (let b = 0; b < Number(pages); b += step) {
          const n = await shortDml(
            conn,
            `back-fill ${s.table}`,
            `UPDATE ${t} SET ${c} = nextval(${srcLit}::regclass) WHERE ctid >= ?::tid AND ctid < ?::tid AND ${c} IS NULL`,
            [`(${b},0)`, `(${b + step},0)`],
            retry,
            stats,
          );
          rows += n;
          batches++;
          events({ type: 'progress', task: `back-fill ${s.table}`, done: rows, total, unit: 'rows' });
          if (opts.pauseMs) await sleep(opts.pauseMs);
        }
        // Rows moved by concurrent updates past the ranges already done.
        for (;;) {
          const n = await shortDml(
            conn,
            `back-fill ${s.table}`,
            `UPDATE ${t} SET ${c} = nextval(${srcLit}::regclass) WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${t} WHERE ${c} IS NULL LIMIT ${batchRows}))`,
            [],
            retry,
            stats,
          );
          rows += n;
          if (n === 0) break;
          batches++;
        }
      } finally {
        await conn.exec('RESET lock_timeout').catch(() => {});
      }
    });
  }

  // 3. NOT NULL without a long scan under lock.
  st = await stateOf(conn, s);
  if (!st.notNull) {
    const check = q(`${s.constraint}_notnull`);
    await phase('not null', async () => {
      if (!st.hasCheck)
        await shortDdl(
          conn,
          `check ${s.table}.${s.column}`,
          [`ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${c} IS NOT NULL) NOT VALID`],
          retry,
          stats,
        );
      // SHARE UPDATE EXCLUSIVE: writers go on while the table is scanned.
      await conn.exec(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${check}`);
      await shortDdl(
        conn,
        `not null ${s.table}.${s.column}`,
        [`ALTER TABLE ${t} ALTER COLUMN ${c} SET NOT NULL`, `ALTER TABLE ${t} DROP CONSTRAINT ${check}`],
        retry,
        stats,
      );
    });
  }

  // 4. the key: unique index built concurrently, then attached as the primary key.
  st = await stateOf(conn, s);
  if (!st.pk.length) {
    await phase('unique index', async () => {
      if (st.hasIndex && !st.indexValid) await conn.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${pkey}`);
      if (!st.hasIndex || !st.indexValid) await conn.exec(`CREATE UNIQUE INDEX CONCURRENTLY ${pkey} ON ${t} (${c})`);
    });
    await phase('primary key', async () => {
      await shortDdl(
        conn,
        `primary key ${s.table}`,
        [`ALTER TABLE ${t} ADD CONSTRAINT ${pkey} PRIMARY KEY USING INDEX ${pkey}`],
        retry,
        stats,
      );
    });
  }

  // As SERIAL leaves it: the sequence belongs to the column.
  await conn.exec(`ALTER SEQUENCE ${seq} OWNED BY ${t}.${c}`);
  await conn.exec(`DROP SEQUENCE IF EXISTS ${bf}`);
  for (const role of s.grantTo) await conn.exec(`GRANT ALL ON SEQUENCE ${seq} TO ${q(role)}`);
  return {
    table: s.table,
    rows,
    batches,
    lockRetries: stats.lockRetries,
    phases,
    idsFollowOldRows,
    alreadyDone: false,
    durationMs: Date.now() - started,
  };
}
