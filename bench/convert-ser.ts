// Benchmark: `voipdb convert ser` on one million subscribers and five million acc rows,
// MariaDB -> MariaDB and MariaDB -> PostgreSQL, side by side with
//   - pgloader copying the same two tables without transformation (PostgreSQL only: pgloader
//     loads into PostgreSQL), and
//   - a raw bulk load of the same rows (LOAD DATA LOCAL INFILE / COPY FROM STDIN of a TSV file
//     exported beforehand, into tables shaped like the source's, same keys and indexes).
//   - a raw bulk load of the rows voipdb wrote (credentials, user_attrs, uri, acc, exported after
//     its run) into a fresh SER 2.0 schema, non-unique indexes dropped before and rebuilt after,
//     as voipdb does: the same rows, without reading or converting anything.
// Rows per second count source rows (subscribers + acc). voipdb also writes what the conversion
// adds (user attributes, URIs), shown as destination rows.
//
//   node --max-semi-space-size=64 --import ./test/convert/support/ts-register.mjs bench/convert-ser.ts
//   (the young-generation size the voipdb command starts with, see bin/voipdb.js)
//   VOIPDB_BENCH_SCALE=0.1 (a tenth: 100k subscribers, 500k acc) for a quick run.
//   VOIPDB_BENCH_DEST=postgres (or mariadb): one direction only.
//   VOIPDB_TEST_MYSQL / VOIPDB_TEST_PG: the servers (defaults as the tests).

import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { convert } from '../src/convert/index.js';
import { connect } from '../src/db/connect.js';
import type { Connection } from '../src/db/connection.js';
import { parseTarget, withDatabase, type Target } from '../src/db/url.js';
import { destFor } from '../src/convert/dest/index.js';
import { upgrade } from '../src/engine/index.js';
import { ser20Set } from '../src/packs/ser/ser20.js';
import { measureCpu } from './cpu-usage.js';
import { serSource } from './ser-data.js';

const MYSQL = process.env.VOIPDB_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
const PG = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const scale = Number(process.env.VOIPDB_BENCH_SCALE ?? 1);
const volume = { subscribers: Math.round(1_000_000 * scale), acc: Math.round(5_000_000 * scale) };
const sourceRows = volume.subscribers + volume.acc;
const dests = (process.env.VOIPDB_BENCH_DEST ?? 'mariadb,postgres').split(',') as ('mariadb' | 'postgres')[];
const log = (s: string) => process.stderr.write(s + '\n');

interface Result {
  dest: string;
  method: string;
  seconds: number;
  destRows?: number;
}
const results: Result[] = [];

async function freshDatabase(adminUrl: string, name: string): Promise<Target> {
  const admin = await connect(parseTarget(adminUrl));
  const q = adminUrl.startsWith('mysql') ? '`' : '"';
  await admin.exec(`DROP DATABASE IF EXISTS ${q}${name}${q}`);
  await admin.exec(`CREATE DATABASE ${q}${name}${q}${q === '`' ? ' CHARACTER SET utf8mb4' : ''}`);
  await admin.close();
  return withDatabase(parseTarget(adminUrl), name);
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await connect(parseTarget(adminUrl));
  const q = adminUrl.startsWith('mysql') ? '`' : '"';
  await admin.exec(`DROP DATABASE IF EXISTS ${q}${name}${q}${q === '"' ? ' WITH (FORCE)' : ''}`);
  await admin.close();
}

const CONVERTED = ['credentials', 'user_attrs', 'uri', 'acc'];

async function timeVoipdb(
  dest: 'mariadb' | 'postgres',
  from: Target,
  dir: string,
): Promise<Record<string, { file: string; cols: string[] }>> {
  const admin = dest === 'mariadb' ? MYSQL : PG;
  const to = await freshDatabase(admin, 'voipdb_bench_convert');
  const started = Date.now();
  const cpu = measureCpu(dest === 'postgres' ? to.database : undefined);
  const summary = await convert({
    converter: 'ser',
    from,
    to,
    tables: ['domain', 'subscriber', 'acc'],
    onError: 'skip',
  });
  const wall = (Date.now() - started) / 1000;
  const used = cpu();
  const steps = summary.steps.filter((s) => s.step === 'subscriber' || s.step === 'acc');
  // The whole run: a step's durationMs runs until its indexes are rebuilt, which goes on while the
  // next step converts, so the steps' durations overlap and do not add up.
  const seconds = wall;
  const destRows = steps.reduce((a, s) => a + Object.values(s.written).reduce((x, y) => x + y, 0), 0);
  for (const s of steps)
    log(
      `  voipdb ${dest} ${s.step}: ${s.rowsRead} rows in ${(s.durationMs / 1000).toFixed(1)} s (${s.rowsPerSecond} rows/s), wrote ${JSON.stringify(s.written)}`,
    );
  log(
    `  voipdb ${dest}: whole run ${wall.toFixed(1)} s (schema creation and domain step included: the time compared below)`,
  );
  // On a shared machine wall time varies with the neighbours' load; CPU seconds say where the work went.
  const secs = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(1) + ' s');
  log(
    `  voipdb ${dest}: CPU node ${secs(used.node)}${dest === 'postgres' ? `, PostgreSQL backends ${secs(used.postgres)}` : ''}, MariaDB server ${secs(used.mysqld)} (the whole server: its other clients included); load average ${loadAverage()}`,
  );
  results.push({ dest, method: 'voipdb convert (transforming)', seconds, destRows });
  const files: Record<string, { file: string; cols: string[] }> = {};
  for (const t of CONVERTED) {
    const file = join(dir, `${dest}-${t}.tsv`);
    files[t] = { file, cols: await exportTable(to, t, file) };
  }
  await dropDatabase(admin, 'voipdb_bench_convert');
  return files;
}

/** The rows voipdb wrote, loaded raw into a fresh SER 2.0 schema (indexes handled as voipdb does). */
async function timeRawConverted(
  dest: 'mariadb' | 'postgres',
  files: Record<string, { file: string; cols: string[] }>,
): Promise<void> {
  const admin = dest === 'mariadb' ? MYSQL : PG;
  const to = await freshDatabase(admin, 'voipdb_bench_raw_converted');
  const conn = await connect(to);
  await upgrade(conn, [ser20Set]);
  const d = destFor(conn);
  const started = Date.now();
  const deferred = [];
  for (const t of CONVERTED) deferred.push(...(await d.deferrableIndexes(conn, t)));
  for (const i of deferred) await d.dropIndex(conn, i);
  for (const [table, { file, cols }] of Object.entries(files)) await loadFile(dest, conn, table, cols, file);
  for (const i of deferred) await conn.exec(i.create);
  const seconds = (Date.now() - started) / 1000;
  results.push({
    dest,
    method: `raw ${dest === 'mariadb' ? 'LOAD DATA' : 'COPY'} of the rows voipdb wrote, indexes deferred`,
    seconds,
  });
  await conn.close();
  await dropDatabase(admin, 'voipdb_bench_raw_converted');
}

async function loadFile(
  dest: 'mariadb' | 'postgres',
  conn: Connection,
  table: string,
  cols: string[],
  file: string,
): Promise<void> {
  if (dest === 'mariadb') {
    const raw = conn.raw as { query(o: { sql: string; infileStreamFactory: () => Readable }): Promise<unknown> };
    await raw.query({
      sql: `LOAD DATA LOCAL INFILE 'f' INTO TABLE ${table} CHARACTER SET binary (${cols.join(', ')})`,
      infileStreamFactory: () => createReadStream(file, { highWaterMark: 1 << 20 }),
    });
  } else {
    const { from: copyFrom } = (await import('pg-copy-streams')).default;
    const stream = (conn.raw as { query(s: unknown): NodeJS.WritableStream }).query(
      copyFrom(`COPY ${table} (${cols.join(', ')}) FROM STDIN`),
    );
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), stream);
  }
}

/** COPY's text format, which LOAD DATA's defaults read the same way. */
function tsv(v: unknown): string {
  if (v == null) return '\\N';
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

async function exportTable(from: Target, table: string, file: string): Promise<string[]> {
  const conn = await connect(from);
  if (conn.dialect === 'postgres') {
    const cols = (
      await conn.query<{ c: string }>(
        'SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
        [table],
      )
    ).map((r) => r.c);
    const { to: copyTo } = (await import('pg-copy-streams')).default;
    await pipeline(
      (conn.raw as { query(s: unknown): Readable }).query(copyTo(`COPY ${table} TO STDOUT`)),
      createWriteStream(file),
    );
    await conn.close();
    return cols;
  }
  const cols = (
    await conn.query<{ c: string }>(
      'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      [table],
    )
  ).map((r) => r.c);
  const core = (conn.raw as { connection: { query(sql: string): { stream(): Readable } } }).connection;
  const rows = core.query(`SELECT * FROM ${table}`).stream();
  const lines = Readable.from(
    (async function* () {
      let chunk = '';
      for await (const r of rows as AsyncIterable<Record<string, unknown>>) {
        chunk += cols.map((c) => tsv(r[c])).join('\t') + '\n';
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    })(),
  );
  await pipeline(lines, createWriteStream(file));
  await conn.close();
  return cols;
}

const PG_DDL = [
  `CREATE TABLE subscriber (phplib_id VARCHAR(32) NOT NULL, username VARCHAR(64) NOT NULL, domain VARCHAR(128) NOT NULL, password VARCHAR(25) NOT NULL,
    first_name VARCHAR(25) NOT NULL, last_name VARCHAR(45) NOT NULL, phone VARCHAR(15) NOT NULL, email_address VARCHAR(50) NOT NULL,
    datetime_created TIMESTAMP NOT NULL, datetime_modified TIMESTAMP NOT NULL, confirmation VARCHAR(64) NOT NULL, flag CHAR(1) NOT NULL,
    sendnotification VARCHAR(50) NOT NULL, greeting VARCHAR(50) NOT NULL, ha1 VARCHAR(128) NOT NULL, ha1b VARCHAR(128) NOT NULL,
    allow_find CHAR(1) NOT NULL, timezone VARCHAR(128), rpid VARCHAR(128), domn INTEGER, uuid VARCHAR(64),
    PRIMARY KEY (username, domain), UNIQUE (phplib_id))`,
  'CREATE INDEX user_2 ON subscriber (username)',
  `CREATE TABLE acc (sip_from VARCHAR(128) NOT NULL, sip_to VARCHAR(128) NOT NULL, sip_status VARCHAR(128) NOT NULL, sip_method VARCHAR(16) NOT NULL,
    i_uri VARCHAR(128) NOT NULL, o_uri VARCHAR(128) NOT NULL, from_uri VARCHAR(128) NOT NULL, to_uri VARCHAR(128) NOT NULL,
    sip_callid VARCHAR(128) NOT NULL, username VARCHAR(64) NOT NULL, domain VARCHAR(128) NOT NULL, fromtag VARCHAR(128) NOT NULL,
    totag VARCHAR(128) NOT NULL, time TIMESTAMP NOT NULL, timestamp TIMESTAMP NOT NULL, caller_deleted CHAR(1) NOT NULL, callee_deleted CHAR(1) NOT NULL)`,
  'CREATE INDEX acc_user ON acc (username, domain)',
  'CREATE INDEX sip_callid ON acc (sip_callid)',
];

async function timeRaw(
  dest: 'mariadb' | 'postgres',
  from: Target,
  files: Record<string, { file: string; cols: string[] }>,
): Promise<void> {
  const admin = dest === 'mariadb' ? MYSQL : PG;
  const to = await freshDatabase(admin, 'voipdb_bench_raw');
  const conn: Connection = await connect(to);
  if (dest === 'mariadb') {
    for (const t of ['subscriber', 'acc']) await conn.exec(`CREATE TABLE ${t} LIKE \`${from.database}\`.${t}`);
  } else {
    for (const s of PG_DDL) await conn.exec(s);
  }
  const started = Date.now();
  for (const [table, { file, cols }] of Object.entries(files)) {
    if (dest === 'mariadb') {
      const raw = conn.raw as { query(o: { sql: string; infileStreamFactory: () => Readable }): Promise<unknown> };
      await raw.query({
        sql: `LOAD DATA LOCAL INFILE 'f' INTO TABLE ${table} (${cols.join(', ')})`,
        infileStreamFactory: () => createReadStream(file, { highWaterMark: 1 << 20 }),
      });
    } else {
      const { from: copyFrom } = (await import('pg-copy-streams')).default;
      const stream = (conn.raw as { query(s: unknown): NodeJS.WritableStream }).query(
        copyFrom(`COPY ${table} (${cols.join(', ')}) FROM STDIN`),
      );
      await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), stream);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  results.push({
    dest,
    method:
      dest === 'mariadb' ? 'raw LOAD DATA LOCAL INFILE (no transformation)' : 'raw COPY FROM STDIN (no transformation)',
    seconds,
  });
  await conn.close();
  await dropDatabase(admin, 'voipdb_bench_raw');
}

async function timePgloader(from: Target): Promise<void> {
  const to = await freshDatabase(PG, 'voipdb_bench_pgloader');
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-pgloader-'));
  const load = join(dir, 'ser.load');
  const src = `mysql://${from.user ?? 'root'}@${from.host}:${from.port}/${from.database}`;
  const dst = `postgresql://${to.user ?? 'postgres'}@${to.host}:${to.port}/${to.database}`;
  writeFileSync(
    load,
    `LOAD DATABASE FROM ${src} INTO ${dst}
 WITH include drop, create tables, create indexes, reset sequences, no foreign keys, prefetch rows = 10000, batch rows = 10000
 INCLUDING ONLY TABLE NAMES MATCHING 'subscriber', 'acc';
`,
  );
  const started = Date.now();
  // stdin closed: were pgloader's Lisp runtime to fail, its debugger must not wait for input.
  await new Promise<void>((resolve, reject) => {
    const child = spawn('/usr/bin/pgloader', ['--no-ssl-cert-verification', load], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`pgloader exited with ${code}: ${err.slice(-2000)}`)),
    );
  });
  const seconds = (Date.now() - started) / 1000;
  const conn = await connect(to);
  const [n] = await conn
    .query<{ n: string }>('SELECT (SELECT COUNT(*) FROM ser.subscriber) + (SELECT COUNT(*) FROM ser.acc) AS n')
    .catch(async () =>
      conn.query<{ n: string }>(
        `SELECT (SELECT COUNT(*) FROM "${from.database}".subscriber) + (SELECT COUNT(*) FROM "${from.database}".acc) AS n`,
      ),
    );
  await conn.close();
  if (Number(n?.n) !== sourceRows) throw new Error(`pgloader copied ${n?.n} rows, expected ${sourceRows}`);
  results.push({ dest: 'postgres', method: 'pgloader (no transformation)', seconds });
  rmSync(dir, { recursive: true, force: true });
  await dropDatabase(PG, 'voipdb_bench_pgloader');
}

/** The 1, 5 and 15 minute load averages (Linux), to judge how quiet the machine was. */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

async function main(): Promise<void> {
  log(
    `voipdb convert ser benchmark: ${volume.subscribers} subscribers + ${volume.acc} acc rows (scale ${scale}); load average ${loadAverage()}`,
  );
  const from = await serSource(MYSQL, volume, log);
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-bench-'));
  const files: Record<string, { file: string; cols: string[] }> = {};
  for (const t of ['subscriber', 'acc']) {
    const file = join(dir, `${t}.tsv`);
    files[t] = { file, cols: await exportTable(from, t, file) };
  }
  for (const dest of dests) {
    log(`MariaDB -> ${dest}`);
    const converted = await timeVoipdb(dest, from, dir);
    await timeRaw(dest, from, files);
    await timeRawConverted(dest, converted);
    if (dest === 'postgres') await timePgloader(from);
  }
  rmSync(dir, { recursive: true, force: true });

  const rate = (r: Result) => Math.round(sourceRows / r.seconds);
  console.log(
    `\nvoipdb convert ser: ${volume.subscribers} subscribers + ${volume.acc} acc rows = ${sourceRows} source rows\n`,
  );
  console.log(['destination', 'method', 'seconds', 'source rows/s', 'voipdb / this'].join(' | '));
  for (const dest of dests) {
    const mine = results.find((r) => r.dest === dest && r.method.startsWith('voipdb'))!;
    for (const r of results.filter((x) => x.dest === dest)) {
      const extra = r.destRows ? ` (${r.destRows} destination rows, ${Math.round(r.destRows / r.seconds)}/s)` : '';
      console.log(
        [`MariaDB -> ${dest}`, r.method + extra, r.seconds.toFixed(1), rate(r), (rate(mine) / rate(r)).toFixed(2)].join(
          ' | ',
        ),
      );
    }
  }
  const pgl = results.find((r) => r.method.startsWith('pgloader'));
  const mineRow = (dest: string) => results.find((r) => r.dest === dest && r.method.startsWith('voipdb'))!;
  const rawRow = (dest: string) => results.find((r) => r.dest === dest && r.method.startsWith('raw'))!;
  console.log(`\nload average at the end: ${loadAverage()}`);
  console.log('\ngoals:');
  if (pgl)
    console.log(
      `  voipdb (transforming) vs pgloader (copying), MariaDB -> PostgreSQL: ${(rate(mineRow('postgres')) / rate(pgl)).toFixed(2)}x (goal >= 1)`,
    );
  const rawConverted = (dest: string) =>
    results.find((r) => r.dest === dest && r.method.includes('rows voipdb wrote'))!;
  for (const dest of dests) {
    console.log(
      `  voipdb vs raw bulk load of the source rows, MariaDB -> ${dest}: ${(rate(mineRow(dest)) / rate(rawRow(dest))).toFixed(2)}x (goal >= 0.5)`,
    );
    console.log(
      `  voipdb vs raw bulk load of the rows it wrote, MariaDB -> ${dest}: ${(rate(mineRow(dest)) / rate(rawConverted(dest))).toFixed(2)}x (goal >= 0.5)`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
