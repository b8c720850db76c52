// `estimate`: how long the pending plan takes on THIS database. XiVO's note said "~10 minutes for
// every 2.5 million queue_log rows on ordinary hardware"; here the rate is measured: each pending
// step that touches a big table is run on sample copies of that table (empty, and half and all
// of the largest sample; each timed three times where DDL is transactional, inside a transaction
// that is rolled back, elsewhere the empty copy three times and the others once; the online form
// last, once, on the same copies), and the median per-row rate times the table's row count
// gives the prediction, the slowest and fastest rates its range. The real tables are never changed.

import { describeTopology } from '../db/topology.js';
import { dialectOf } from '../dialect/index.js';
import { clusterEffect, type ClusterEffect } from './galera-plan.js';
import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { status } from '../engine/index.js';
import type { ScriptSet } from '../engine/types.js';
import { catalogOf, countRows, quote } from './catalog.js';
import { predict, type Measurement, type Prediction } from './estimate-rate.js';
import { addSerialPrimaryKey, onlineFormOf } from './online.js';
import { serialPkSpec } from './online/serial-pk.js';

export type { Measurement, Prediction } from './estimate-rate.js';

export interface EstimateStep {
  set: string;
  version: string;
  description?: string;
  /** The step's statements as they will run on this dialect. */
  statements: string[];
}

export interface EstimateOptions {
  /** Tables with fewer rows are not measured (their steps count as instant). Default 50 000. */
  minRows?: number;
  /** Rows of the largest sample (default: twice the server's cache in this table's rows, 5% to 25% of the table). */
  sampleRows?: number;
  /** Also measure the online form of steps that have one (PostgreSQL). */
  online?: boolean;
  events?: EventSink;
}

export interface StepEstimate {
  set: string;
  version: string;
  description?: string;
  table?: string;
  rows: number;
  method: 'measured' | 'small' | 'no-table';
  /** Predicted seconds of the step as written (0 when not measured). */
  seconds: number;
  /** The step as written: measurements and prediction. */
  plain?: Prediction;
  /** Its online form (writers keep going), when asked for and there is one. */
  online?: Prediction;
  /** On a Galera cluster: whether every node waits while it runs (TOI DDL), and the safe alternative. */
  cluster?: ClusterEffect;
}

export interface Estimate {
  steps: StepEstimate[];
  totalSeconds: number;
  /** What stands behind the target (a Galera cluster changes what a step costs: every node waits). */
  topology: string;
}

const ID = String.raw`(?:"((?:[^"]|"")+)"|\x60([^\x60]+)\x60|([A-Za-z_][\w$]*))`;
const touching = [
  String.raw`ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(?:${ID}\.)?${ID}`,
  String.raw`UPDATE\s+(?:ONLY\s+)?(?:${ID}\.)?${ID}`,
  String.raw`DELETE\s+FROM\s+(?:ONLY\s+)?(?:${ID}\.)?${ID}`,
  String.raw`INSERT\s+INTO\s+(?:${ID}\.)?${ID}[^;]*\bSELECT\b`,
  String.raw`CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:${ID}\s+)?ON\s+(?:ONLY\s+)?(?:${ID}\.)?${ID}`,
  String.raw`(?:CLUSTER|VACUUM\s+FULL|REINDEX\s+TABLE)\s+(?:${ID}\.)?${ID}`,
].map((p) => new RegExp('^\\s*' + p, 'i'));

/** The tables a statement rewrites or scans (the ones whose size matters). */
export function tablesTouched(sql: string): string[] {
  for (const re of touching) {
    const m = re.exec(sql);
    if (m) {
      const ids = m.slice(1).filter((x) => x !== undefined);
      return [ids.at(-1)!.replace(/""/g, '"')];
    }
  }
  return [];
}

const SAMPLE_PREFIX = 'voipdb_est_';

/** The statement aimed at the sample table: table, index and constraint names renamed; CONCURRENTLY dropped (it cannot run in a transaction). */
export function aimAtSample(sql: string, table: string, sample: string): string {
  const esc = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `queue_log`, "queue_log", public.queue_log -> the sample (made in the current schema)
  let out = sql.replace(
    new RegExp(String.raw`(^|[^\w$"\x60.])(?:["\x60]?[\w$]+["\x60]?\.)?(["\x60]?)${esc}\2(?![\w$])`, 'g'),
    (_m, pre, qch) => `${pre}${qch}${sample}${qch}`,
  );
  out = out.replace(/\bCONCURRENTLY\s+/i, '');
  out = out.replace(
    /(\bINDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?)(["\x60]?)([A-Za-z_][\w$]*)\2(\s+ON\b)/i,
    (_m, a, q, n, b) => `${a}${q}${SAMPLE_PREFIX}${n}${q}${b}`,
  );
  out = out.replace(
    /(\bCONSTRAINT\s+)(["\x60]?)([A-Za-z_][\w$]*)\2/gi,
    (_m, a, q, n) => `${a}${q}${SAMPLE_PREFIX}${n}${q}`,
  );
  return out;
}

interface Sampler {
  /** Make `sample` a copy of `table`'s shape with `rows` of its rows, then its indexes (built in bulk, as the real ones were). */
  setup(conn: Connection, table: string, sample: string, rows: number): Promise<void>;
  /** After setup: statistics and hint bits. */
  settle(conn: Connection, sample: string): Promise<void>;
  /** Before each timing: dirty pages written out where the server lets us, so that no timing pays for the one before. */
  flush(conn: Connection): Promise<void>;
  /** The timed statements run inside BEGIN ... ROLLBACK (transactional DDL); the sample is dropped afterwards anyway. */
  transactional: boolean;
  /** The online form of a change (ops/online.ts) is timed too, on a sample (PostgreSQL's). */
  timesOnlineForm: boolean;
  drop(sample: string): string;
  /** The table's bytes (rows and indexes) and the server's page cache: samples must outgrow the cache to cost what the table costs. */
  sizes(conn: Connection, table: string): Promise<{ tableBytes: number; cacheBytes: number }>;
}

const samplers: Record<DialectName, Sampler> = {
  postgres: {
    async setup(conn, t, s, n) {
      const [qt, qs] = [quote('postgres', t), quote('postgres', s)];
      await conn.exec(
        `CREATE TABLE ${qs} (LIKE ${qt} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE)`,
      );
      await conn.exec(`INSERT INTO ${qs} SELECT * FROM ${qt} LIMIT ${n}`);
      const defs = await conn.query<{ def: string }>(
        `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = ?::regclass`,
        [qt],
      );
      for (const d of defs) await conn.exec(aimAtSample(d.def, t, s));
    },
    async settle(conn, s) {
      await conn.exec(`VACUUM ANALYZE ${quote('postgres', s)}`);
    },
    async flush(conn) {
      // CHECKPOINT needs a superuser (or pg_checkpoint): without it the estimate is a little high.
      await conn.exec('CHECKPOINT').catch(() => {});
    },
    transactional: true,
    timesOnlineForm: true,
    drop: (s) => `DROP TABLE IF EXISTS ${quote('postgres', s)}`,
    async sizes(conn, t) {
      const [r] = await conn.query<{ tb: string; cb: string }>(
        `SELECT pg_total_relation_size(?::regclass)::text AS tb, (SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers')::text AS cb`,
        [quote('postgres', t)],
      );
      return { tableBytes: Number(r!.tb), cacheBytes: Number(r!.cb) };
    },
  },
  mysql: {
    async setup(conn, t, s, n) {
      await conn.exec(`CREATE TABLE ${quote('mysql', s)} LIKE ${quote('mysql', t)}`);
      await conn.exec(`INSERT INTO ${quote('mysql', s)} SELECT * FROM ${quote('mysql', t)} LIMIT ${n}`);
    },
    async settle(conn, s) {
      await conn.query(`ANALYZE TABLE ${quote('mysql', s)}`);
    },
    async flush() {},
    transactional: false,
    timesOnlineForm: false,
    drop: (s) => `DROP TABLE IF EXISTS ${quote('mysql', s)}`,
    async sizes(conn, t) {
      const [r] = await conn.query<{ tb: number; cb: number }>(
        `SELECT data_length + index_length AS tb, @@innodb_buffer_pool_size AS cb FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`,
        [t],
      );
      return { tableBytes: Number(r?.tb ?? 0), cacheBytes: Number(r?.cb ?? 0) };
    },
  },
  sqlite: {
    async setup(conn, t, s, n) {
      await conn.exec(`CREATE TABLE ${quote('sqlite', s)} AS SELECT * FROM ${quote('sqlite', t)} LIMIT ${n}`);
    },
    async settle() {},
    async flush() {},
    transactional: true,
    timesOnlineForm: false,
    drop: (s) => `DROP TABLE IF EXISTS ${quote('sqlite', s)}`,
    async sizes() {
      return { tableBytes: 0, cacheBytes: 0 };
    },
  },
};

/**
 * The larger sample: big enough to outgrow the server's cache (twice its size, in this table's
 * rows), as the real table does; at least 5% of the table and 20 000 rows; at most an eighth, so
 * that measuring costs a fraction of what it predicts.
 */
async function sampleSize(conn: Connection, table: string, rows: number): Promise<number> {
  const { tableBytes, cacheBytes } = await samplers[conn.dialect].sizes(conn, table);
  const perRow = tableBytes > 0 ? tableBytes / Math.max(1, rows) : 0;
  const cacheRows = perRow > 0 ? Math.ceil((2 * cacheBytes) / perRow) : 0;
  const want = Math.max(20_000, Math.round(rows * 0.05), cacheRows);
  return Math.min(rows, Math.max(Math.min(want, Math.round(rows / 8)), Math.min(rows, 20_000)));
}

/** Timings per sample size where the step can be rolled back and run again; once elsewhere. */
const REPEATS = 3;

/** One way of running a step on a sample: `runs` > 1 only for one that rolls back. */
interface Form {
  timed: (sample: string) => Promise<void>;
  runs: number;
}

/** A fresh sample of `rows` rows, settled; each form run `runs` times on it (each after a flush), in order; then the sample dropped. */
async function onSample(conn: Connection, table: string, rows: number, forms: Form[]): Promise<Measurement[][]> {
  const sampler = samplers[conn.dialect];
  const sample = `${SAMPLE_PREFIX}${table}`.slice(0, 50);
  // The sample is made and settled first (committed, its pages written out), so that the timed
  // statements do not pay for writing the copy's pages: the real table's are written already.
  await conn.exec(sampler.drop(sample));
  try {
    await sampler.setup(conn, table, sample, rows);
    await sampler.settle(conn, sample);
    const out: Measurement[][] = [];
    for (const form of forms) {
      const timings: Measurement[] = [];
      for (let i = 0; i < form.runs; i++) {
        await sampler.flush(conn);
        const t0 = performance.now();
        await form.timed(sample);
        timings.push({ rows, ms: performance.now() - t0 });
      }
      out.push(timings);
    }
    return out;
  } finally {
    await conn.exec(sampler.drop(sample)).catch(() => {});
  }
}

/** The step's statements on the sample, rolled back where DDL is transactional. */
function asWritten(conn: Connection, statements: string[], table: string): (sample: string) => Promise<void> {
  const sampler = samplers[conn.dialect];
  return async (sample) => {
    const aimed = statements.filter((s) => tablesTouched(s).includes(table)).map((s) => aimAtSample(s, table, sample));
    // Never run a step on the real table: each aimed statement must now touch the sample only.
    for (const s of aimed) {
      if (tablesTouched(s)[0] !== sample)
        throw new VoipdbError('internal', `estimate could not aim a statement at the sample table: ${s.slice(0, 80)}`, {
          hint: 'report this statement; estimate the step by hand on a copy',
        });
    }
    if (sampler.transactional) await conn.exec('BEGIN');
    try {
      for (const s of aimed) await conn.exec(s);
    } finally {
      if (sampler.transactional) await conn.exec('ROLLBACK');
    }
  };
}

/** Each form's timings on empty copies (the fixed cost) and on half and all of `big` rows; the copies shared by the forms. */
async function measure(conn: Connection, table: string, big: number, forms: Form[]): Promise<Measurement[][]> {
  const out = forms.map((): Measurement[] => []);
  const add = (timings: Measurement[][]) => timings.forEach((t, k) => out[k]!.push(...t));
  // Every rate is measured against the fixed cost, so one stall while timing it would swallow
  // them all: it is timed three times, on fresh empty copies (they cost nothing to make).
  for (let i = 0; i < REPEATS; i++)
    add(
      await onSample(
        conn,
        table,
        0,
        forms.map((f) => ({ ...f, runs: 1 })),
      ),
    );
  for (const n of [Math.round(big / 2), big]) add(await onSample(conn, table, n, forms));
  return out;
}

/** Exact up to tens of millions of rows (a count takes seconds there); the statistics beyond. */
async function rowsOf(conn: Connection, table: string): Promise<number> {
  const est = await catalogOf(conn).rowEstimate(conn, table);
  return est > 20_000_000 ? est : countRows(conn, table);
}

export async function estimate(conn: Connection, steps: EstimateStep[], opts: EstimateOptions = {}): Promise<Estimate> {
  const events = opts.events ?? silent;
  const minRows = opts.minRows ?? 50_000;
  const present = new Set(await catalogOf(conn).tables(conn));
  const topology = await dialectOf(conn.dialect).topology(conn);
  const out: StepEstimate[] = [];
  for (const step of steps) {
    const touched = [...new Set(step.statements.flatMap(tablesTouched))].filter((t) => present.has(t));
    const cluster = clusterEffect(step.statements, topology);
    const base = {
      set: step.set,
      version: step.version,
      description: step.description,
      ...(cluster ? { cluster } : {}),
    };
    if (!touched.length) {
      out.push({ ...base, rows: 0, method: 'no-table', seconds: 0 });
      continue;
    }
    const sized = await Promise.all(touched.map(async (t) => ({ t, rows: await rowsOf(conn, t) })));
    const { t: table, rows } = sized.reduce((a, b) => (b.rows > a.rows ? b : a));
    if (rows < minRows) {
      out.push({ ...base, table, rows, method: 'small', seconds: 0 });
      continue;
    }
    const big = Math.min(rows, opts.sampleRows ?? (await sampleSize(conn, table, rows)));
    const runs = samplers[conn.dialect].transactional ? REPEATS : 1;
    const forms: Form[] = [{ timed: asWritten(conn, step.statements, table), runs }];
    // The online form changes the sample for good: it runs last, once.
    const online =
      opts.online &&
      samplers[conn.dialect].timesOnlineForm &&
      conn.driver !== 'pglite' &&
      !!onlineFormOf(step.statements);
    if (online)
      forms.push({
        timed: async (sample) => void (await addSerialPrimaryKey(conn, serialPkSpec(sample, 'id'))),
        runs: 1,
      });
    events({
      type: 'log',
      level: 'info',
      message: `${step.set}@${step.version}: measuring on samples of 0 to ${big} ${table} rows, ${runs} run(s) each${online ? ', then its online form' : ''}`,
    });
    const [plainTimings, onlineTimings] = await measure(conn, table, big, forms);
    const plain = predict(plainTimings!, rows);
    const est: StepEstimate = { ...base, table, rows, method: 'measured', seconds: plain.seconds, plain };
    if (onlineTimings) est.online = predict(onlineTimings, rows);
    out.push(est);
  }
  return { steps: out, totalSeconds: out.reduce((a, s) => a + s.seconds, 0), topology: describeTopology(topology) };
}

/** The pending steps of `sets` on this database, as `estimate` takes them. */
export async function pendingSteps(conn: Connection, sets: ScriptSet[]): Promise<EstimateStep[]> {
  const states = await status(conn, sets);
  return states.flatMap((st) =>
    st.pending.map((rm) => ({
      set: st.set.name,
      version: rm.migration.version,
      description: rm.migration.description,
      statements: rm.up.statements.map((s) => s.sql),
    })),
  );
}
