// Killed mid-run (SIGKILL, twice: once in subscriber, once in acc) and started again, with another
// batch size: the destination equals that of an uninterrupted run, row for row, and the source is
// untouched. MariaDB -> MariaDB and MariaDB -> PostgreSQL.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/convert/dest/index.js';
import { convert } from '../../src/convert/index.js';
import { serConverter } from '../../src/convert/ser/index.js';
import type { Connection } from '../../src/db/connection.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { checksums, createSer09, fill, generated } from './support/ser09.js';

const mariadb = await available('mariadb');
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Run the conversion in a child process and SIGKILL it once a step has committed `after` rows. */
function killedRun(
  from: string,
  to: string,
  step: string,
  after: number,
): Promise<{ signal: string | null; lastLine: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', here('./support/ts-register.mjs'), here('./support/convert-child.ts'), from, to, '25', '4', '1'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let lastLine = '';
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lastLine = line;
      const [, s, n] = line.split(' ');
      if (s === step && Number(n) >= after) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL')
        reject(new Error(`child ended without being killed (code ${code}, last line "${lastLine}"): ${stderr}`));
      else resolve({ signal, lastLine });
    });
  });
}

const TABLES = [...new Set(serConverter.steps.flatMap((s) => s.writes.map((w) => w.name)))];

/** Every index of the converter's tables, as table.index. */
async function indexes(conn: Connection): Promise<string[]> {
  const rows =
    conn.dialect === 'mysql'
      ? await conn.query<{ t: string; i: string }>(
          'SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()',
        )
      : await conn.query<{ t: string; i: string }>(
          'SELECT tablename AS t, indexname AS i FROM pg_indexes WHERE schemaname = current_schema()',
        );
  return rows
    .filter((r) => TABLES.includes(r.t))
    .map((r) => `${r.t}.${r.i}`)
    .sort();
}

/** Every table the converter writes, and its rejects, as sorted lines of text. */
async function dump(conn: Connection): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const rows = await conn.query<Record<string, unknown>>(`SELECT * FROM ${t}`);
    out[t] = rows
      .map((r) =>
        JSON.stringify(
          Object.entries(r)
            .sort()
            .map(([k, v]) => [k, plain(v)]),
        ),
      )
      .sort();
  }
  const rejects = await conn.query<Record<string, unknown>>(
    'SELECT converter, step, row_key, reason FROM voipdb_convert_rejects',
  );
  out.rejects = rejects.map((r) => JSON.stringify(r)).sort();
  return out;
}

function plain(v: unknown): string | null {
  if (v == null) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (v instanceof Date) return normalize(v, 'other') as string;
  return String(v);
}

for (const dest of ['mariadb', 'postgres'] as BackendName[]) {
  describe.skipIf(!mariadb || !(await available(dest)))(`kill and resume: MariaDB -> ${dest}`, () => {
    let src: TestDb;
    const dbs: TestDb[] = [];
    let s: Connection;
    let before: Record<string, string>;

    beforeAll(async () => {
      src = await freshDb('mariadb', 'vks');
      s = await src.connect();
      await createSer09(s);
      await fill(s, generated(300, 2000));
      before = await checksums(s);
    });

    afterAll(async () => {
      await s?.close();
      await src?.drop();
      for (const db of dbs) await db.drop();
    });

    it('equals an uninterrupted run after two kills', async () => {
      const whole = await freshDb(dest, 'vkw');
      const killed = await freshDb(dest, 'vkk');
      dbs.push(whole, killed);
      const ref = await convert({
        converter: 'ser',
        from: src.target,
        to: whole.target,
        onError: 'skip',
        batchSize: 25,
      });
      expect(ref.steps.find((x) => x.step === 'acc')?.rowsRead).toBe(2000);

      await killedRun(src.url, killed.url, 'subscriber', 100);
      const k = await killed.connect();
      try {
        const p1 = await k.query<{ step: string; state: string; rows_read: unknown }>(
          "SELECT step, state, rows_read FROM voipdb_convert_progress WHERE converter = 'ser'",
        );
        const sub1 = p1.find((p) => p.step === 'subscriber')!;
        // Killed inside the step: some batches committed, not all.
        expect(sub1.state).toBe('running');
        expect(Number(sub1.rows_read)).toBeGreaterThanOrEqual(100);
        expect(Number(sub1.rows_read)).toBeLessThan(300);
        expect(Number(sub1.rows_read) % 25).toBe(0);
        // The killed run had dropped credentials' non-unique indexes for its load (recorded, rebuilt later).
        expect((await indexes(k)).filter((i) => i.startsWith('credentials.'))).toEqual([]);

        await killedRun(src.url, killed.url, 'acc', 600);
        const p2 = await k.query<{ step: string; state: string; rows_read: unknown }>(
          "SELECT step, state, rows_read FROM voipdb_convert_progress WHERE converter = 'ser'",
        );
        const acc2 = p2.find((p) => p.step === 'acc')!;
        expect(acc2.state).toBe('running');
        expect(Number(acc2.rows_read)).toBeLessThan(2000);
        expect(p2.find((p) => p.step === 'subscriber')!.state).toBe('done');

        // Finish with another batch size: positions and keys, not batches, decide what is done.
        const rest = await convert({
          converter: 'ser',
          from: src.target,
          to: killed.target,
          onError: 'skip',
          batchSize: 70,
          deferIndexesFrom: 1,
        });
        expect(rest.resumed).toBe(true);
        expect(rest.steps.find((x) => x.step === 'acc')?.rowsRead).toBe(2000 - Number(acc2.rows_read));

        const w = await whole.connect();
        try {
          const a = await dump(w);
          const b = await dump(k);
          for (const t of Object.keys(a)) expect(b[t], t).toEqual(a[t]);
          expect(await indexes(k)).toEqual(await indexes(w));
          expect(await indexes(w)).toContain('acc.acc_from_uid');
          expect(a.acc).toHaveLength(2000);
          expect(a.credentials!.length).toBe(301);
        } finally {
          await w.close();
        }
      } finally {
        await k.close();
      }
      expect(await checksums(s)).toEqual(before);
    });
  });
}
