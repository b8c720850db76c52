// `estimate`: how long the pending plan takes on THIS database. XiVO's note said "~10 minutes for
// every 2.5 million queue_log rows on ordinary hardware"; here the rate is measured: each pending
// step that touches a big table is run on sample copies of that table (two sizes, inside a
// transaction that is rolled back where DDL is transactional), a fixed cost and a per-row cost
// are fitted, and the table's row count gives the prediction. The real tables are never changed.

import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { status } from '../engine/index.js';
import type { ScriptSet } from '../engine/types.js';
import { catalogOf, countRows, quote } from './catalog.js';
import { addSerialPrimaryKey, onlineFormOf } from './online.js';
import { serialPkSpec } from './online/serial-pk.js';

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
  /** Rows of the larger sample (default: twice the server's cache in this table's rows, 5% to 25% of the table). */
  sampleRows?: number;
  /** Also measure the online form of steps that have one (PostgreSQL). */
  online?: boolean;
  events?: EventSink;
}

export interface Measurement {
  rows: number;
  ms: number;
}

export interface StepEstimate {
  set: string;
  version: string;
  description?: string;
  table?: string;
  rows: number;
  method: 'measured' | 'small' | 'no-table';
  samples: Measurement[];
  /** Seconds per million rows, the note's unit turned around. */
  secondsPerMillionRows?: number;
  seconds: number;
  /** The online form (writers keep going): predicted seconds. */
  onlineSeconds?: number;
  onlineSamples?: Measurement[];
}

export interface Estimate {
  steps: StepEstimate[];
  totalSeconds: number;
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
  out = out.replace(/(\bINDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?)(["\x60]?)([A-Za-z_][\w$]*)\2(\s+ON\b)/i, (_m, a, q, n, b) => `${a}${q}${SAMPLE_PREFIX}${n}${q}${b}`);
  out = out.replace(/(\bCONSTRAINT\s+)(["\x60]?)([A-Za-z_][\w$]*)\2/gi, (_m, a, q, n) => `${a}${q}${SAMPLE_PREFIX}${n}${q}`);
  return out;
}

interface Sampler {
  /** Make `sample` a copy of `table`'s shape with `rows` of its rows, then its indexes (built in bulk, as the real ones were). */
  setup(conn: Connection, table: string, sample: string, rows: number): Promise<void>;
  /** After setup: statistics, hint bits, and the copy's pages written out where the server lets us. */
  settle(conn: Connection, sample: string): Promise<void>;
  /** The timed statements run inside BEGIN ... ROLLBACK (transactional DDL); the sample is dropped afterwards anyway. */
  transactional: boolean;
  drop(sample: string): string;
  /** The table's bytes (rows and indexes) and the server's page cache: samples must outgrow the cache to cost what the table costs. */
  sizes(conn: Connection, table: string): Promise<{ tableBytes: number; cacheBytes: number }>;
}

const samplers: Record<DialectName, Sampler> = {
  postgres: {
    async setup(conn, t, s, n) {
      const [qt, qs] = [quote('postgres', t), quote('postgres', s)];
      await conn.exec(`CREATE TABLE ${qs} (LIKE ${qt} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE)`);
      await conn.exec(`INSERT INTO ${qs} SELECT * FROM ${qt} LIMIT ${n}`);
      const defs = await conn.query<{ def: string }>(`SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = ?::regclass`, [qt]);
      for (const d of defs) await conn.exec(aimAtSample(d.def, t, s));
    },
    async settle(conn, s) {
      await conn.exec(`VACUUM ANALYZE ${quote('postgres', s)}`);
      // CHECKPOINT needs a superuser (or pg_checkpoint): without it the estimate is a little high.
      await conn.exec('CHECKPOINT').catch(() => {});
    },
    transactional: true,
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
    transactional: false,
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
    transactional: true,
    drop: (s) => `DROP TABLE IF EXISTS ${quote('sqlite', s)}`,
    async sizes() {
      return { tableBytes: 0, cacheBytes: 0 };
    },
  },
};

/**
 * The larger sample: big enough to outgrow the server's cache (twice its size, in this table's
 * rows), as the real table does; at least 5% of the table and 20 000 rows; at most a quarter.
 */
async function sampleSize(conn: Connection, table: string, rows: number): Promise<number> {
  const { tableBytes, cacheBytes } = await samplers[conn.dialect].sizes(conn, table);
  const perRow = tableBytes > 0 ? tableBytes / Math.max(1, rows) : 0;
  const cacheRows = perRow > 0 ? Math.ceil((2 * cacheBytes) / perRow) : 0;
  const want = Math.max(20_000, Math.round(rows * 0.05), cacheRows);
  return Math.min(rows, Math.max(Math.min(want, Math.round(rows / 4)), Math.min(rows, 20_000)));
}

/** Fit ms = fixed + perRow * rows through the measurements (least squares), never negative. */
export function fit(samples: Measurement[]): { fixedMs: number; perRowMs: number } {
  if (samples.length === 1) return { fixedMs: 0, perRowMs: samples[0]!.ms / Math.max(1, samples[0]!.rows) };
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.rows, 0) / n;
  const my = samples.reduce((a, s) => a + s.ms, 0) / n;
  const sxx = samples.reduce((a, s) => a + (s.rows - mx) ** 2, 0);
  const sxy = samples.reduce((a, s) => a + (s.rows - mx) * (s.ms - my), 0);
  let perRowMs = sxx > 0 ? sxy / sxx : 0;
  let fixedMs = my - perRowMs * mx;
  if (perRowMs <= 0 || fixedMs < 0) {
    // noise: fall back to a line through the origin and the largest sample
    const big = samples.reduce((a, s) => (s.rows > a.rows ? s : a));
    perRowMs = big.ms / Math.max(1, big.rows);
    fixedMs = 0;
  }
  return { fixedMs, perRowMs };
}

async function timeOnSample(conn: Connection, statements: string[], table: string, rows: number): Promise<number> {
  const sampler = samplers[conn.dialect];
  const sample = `${SAMPLE_PREFIX}${table}`.slice(0, 60);
  const aimed = statements.filter((s) => tablesTouched(s).includes(table)).map((s) => aimAtSample(s, table, sample));
  // Never run a step on the real table: each aimed statement must now touch the sample only.
  for (const s of aimed) {
    if (tablesTouched(s)[0] !== sample) throw new VoipdbError('internal', `estimate could not aim a statement at the sample table: ${s.slice(0, 80)}`, { hint: 'report this statement; estimate the step by hand on a copy' });
  }
  // The sample is made and settled first (committed, its pages written out), so that the timed
  // statement does not pay for writing the copy's pages: the real table's are written already.
  await conn.exec(sampler.drop(sample));
  try {
    await sampler.setup(conn, table, sample, rows);
    await sampler.settle(conn, sample);
    if (sampler.transactional) await conn.exec('BEGIN');
    try {
      const t0 = performance.now();
      for (const s of aimed) await conn.exec(s);
      return performance.now() - t0;
    } finally {
      if (sampler.transactional) await conn.exec('ROLLBACK');
    }
  } finally {
    await conn.exec(sampler.drop(sample)).catch(() => {});
  }
}

async function timeOnlineOnSample(conn: Connection, table: string, rows: number): Promise<number> {
  const sample = `${SAMPLE_PREFIX}${table}`.slice(0, 50);
  const q = (s: string) => quote('postgres', s);
  await conn.exec(`DROP TABLE IF EXISTS ${q(sample)}`);
  try {
    await samplers.postgres.setup(conn, table, sample, rows);
    await samplers.postgres.settle(conn, sample);
    const t0 = performance.now();
    await addSerialPrimaryKey(conn, serialPkSpec(sample, 'id'));
    return performance.now() - t0;
  } finally {
    await conn.exec(`DROP TABLE IF EXISTS ${q(sample)} CASCADE`);
  }
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
  const out: StepEstimate[] = [];
  for (const step of steps) {
    const touched = [...new Set(step.statements.flatMap(tablesTouched))].filter((t) => present.has(t));
    const base = { set: step.set, version: step.version, description: step.description, samples: [] as Measurement[] };
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
    const sizes = [Math.round(big / 4), big];
    events({ type: 'log', level: 'info', message: `${step.set}@${step.version}: measuring on samples of ${sizes.join(' and ')} ${table} rows` });
    const samples: Measurement[] = [];
    for (const n of sizes) samples.push({ rows: n, ms: await timeOnSample(conn, step.statements, table, n) });
    const f = fit(samples);
    const est: StepEstimate = {
      ...base,
      table,
      rows,
      method: 'measured',
      samples,
      secondsPerMillionRows: (f.perRowMs * 1e6) / 1000,
      seconds: (f.fixedMs + f.perRowMs * rows) / 1000,
    };
    if (opts.online && conn.dialect === 'postgres' && conn.driver === 'pg' && onlineFormOf(step.statements)) {
      const onlineSamples: Measurement[] = [];
      for (const n of sizes) onlineSamples.push({ rows: n, ms: await timeOnlineOnSample(conn, table, n) });
      const g = fit(onlineSamples);
      est.onlineSamples = onlineSamples;
      est.onlineSeconds = (g.fixedMs + g.perRowMs * rows) / 1000;
    }
    out.push(est);
  }
  return { steps: out, totalSeconds: out.reduce((a, s) => a + s.seconds, 0) };
}

/** The pending steps of `sets` on this database, as `estimate` takes them. */
export async function pendingSteps(conn: Connection, sets: ScriptSet[]): Promise<EstimateStep[]> {
  const states = await status(conn, sets);
  return states.flatMap((st) =>
    st.pending.map((rm) => ({ set: st.set.name, version: rm.migration.version, description: rm.migration.description, statements: rm.up.statements.map((s) => s.sql) })),
  );
}
