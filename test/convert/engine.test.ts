// The conversion engine on its own, with a small converter, across back-ends (each one as a
// source and as a destination): keyed and key-less tables, rows the converter rejects, rows the
// destination refuses (bulk write falls back to row by row), both error policies, resuming after
// a run stopped between batches, a changed key-less source refused on resume, rows repeating a
// unique key found when the index dropped for the load is rebuilt (aside, on a connection of its
// own, where the destination allows), the source untouched.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destFor } from '../../src/convert/dest/index.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { runConversion } from '../../src/convert/engine.js';
import { openSource } from '../../src/convert/source/index.js';
import { RowError, type Converter, type ConvertOptions } from '../../src/convert/types.js';
import { isVoipdbError } from '../../src/core/errors.js';
import { connect } from '../../src/db/connect.js';
import type { Connection } from '../../src/db/connection.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';

const toy: Converter = {
  name: 'toy',
  description: 'test converter',
  destination: { pack: 'none', set: 'none', sets: async () => [] },
  steps: [
    {
      name: 'items',
      description: 'items upper-cased',
      source: { table: 'items', columns: ['id', 'name', 'data'] },
      writes: [{ name: 'items_out', columns: ['id', 'name', 'data', 'len'], serial: 'id' }],
      convert(row, emit) {
        const name = String(row.name);
        if (name === 'bad') throw new RowError('bad name');
        emit('items_out', {
          id: row.id,
          name: name.toUpperCase(),
          data: row.data,
          len: row.data == null ? null : Buffer.from(row.data as Buffer).length,
        });
      },
    },
    {
      name: 'events',
      aliases: ['log'],
      description: 'events numbered by position',
      source: { table: 'events', columns: ['msg'] },
      writes: [{ name: 'events_out', columns: ['pos', 'msg'] }],
      dependsOn: ['items'],
      convert(row, emit, _ctx, position) {
        emit('events_out', { pos: position, msg: row.msg });
      },
    },
  ],
};

/** The toy converter without its bad-name rule: only the destination's unique name refuses a row. */
const lenient: Converter = {
  ...toy,
  steps: [
    {
      ...toy.steps[0]!,
      convert: (row, emit, ctx, pos) =>
        toy.steps[0]!.convert({ ...row, name: row.name === 'bad' ? 'fine' : row.name }, emit, ctx, pos),
    },
    toy.steps[1]!,
  ],
};

type Dialect = 'postgres' | 'mysql' | 'sqlite';
const dialectOf = (b: BackendName): Dialect => (b === 'mariadb' ? 'mysql' : b === 'sqlite' ? 'sqlite' : 'postgres');
const BLOB: Record<Dialect, string> = { postgres: 'BYTEA', mysql: 'BLOB', sqlite: 'BLOB' };
const TEXT: Record<Dialect, string> = { postgres: 'VARCHAR(100)', mysql: 'VARCHAR(100)', sqlite: 'TEXT' };

async function makeSource(db: TestDb): Promise<void> {
  const c = await db.connect();
  const d = dialectOf(db.backend);
  await c.exec(`CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name ${TEXT[d]} NOT NULL, data ${BLOB[d]})`);
  await c.exec(`CREATE TABLE events (msg ${TEXT[d]})`);
  for (let i = 1; i <= 57; i++) {
    const name = i === 13 ? 'bad' : i === 40 ? 'dup' : i === 41 ? 'DUP' : `ítem ${i}`;
    await c.execute('INSERT INTO items (id, name, data) VALUES (?, ?, ?)', [
      i,
      name,
      i % 5 ? Buffer.from([i, 0, 9, 10, 92, 255]) : null,
    ]);
  }
  for (let i = 0; i < 45; i++)
    await c.execute('INSERT INTO events (msg) VALUES (?)', [i % 7 === 0 ? null : `line\t${i}\n\\ ok`]);
  await c.close();
}

async function makeDest(db: TestDb): Promise<void> {
  const c = await db.connect();
  const d = dialectOf(db.backend);
  // UNIQUE(name): 'dup' and 'DUP' collide once upper-cased — a row the destination refuses.
  const serial =
    d === 'postgres'
      ? 'SERIAL PRIMARY KEY'
      : d === 'mysql'
        ? 'INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY'
        : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  // On MySQL a latin1 column: text must arrive converted, not as UTF-8 bytes taken for latin1.
  const name = d === 'mysql' ? 'VARCHAR(100) CHARACTER SET latin1' : TEXT[d];
  await c.exec(`CREATE TABLE items_out (id ${serial}, name ${name} NOT NULL UNIQUE, data ${BLOB[d]}, len INTEGER)`);
  await c.exec(`CREATE TABLE events_out (pos INTEGER NOT NULL, msg ${TEXT[d]})`);
  await c.exec('CREATE INDEX events_out_msg ON events_out (msg)');
  await c.exec('CREATE INDEX items_out_len ON items_out (len)');
  await c.close();
}

async function snapshot(c: Connection): Promise<string> {
  const h = createHash('sha256');
  for (const t of ['items', 'events']) {
    const rows = await c.query<Record<string, unknown>>(`SELECT * FROM ${t}`);
    h.update(JSON.stringify(rows.map((r) => Object.values(r).map(show)).sort()));
  }
  return h.digest('hex');
}

async function output(c: Connection): Promise<{ items: string[]; events: string[]; rejects: string[] }> {
  const items = (await c.query<Record<string, unknown>>('SELECT id, name, data, len FROM items_out'))
    .map((r) => [r.id, r.name, r.data, r.len].map(show).join('|'))
    .sort();
  const events = (await c.query<Record<string, unknown>>('SELECT pos, msg FROM events_out'))
    .map((r) => [r.pos, r.msg].map(show).join('|'))
    .sort();
  const rejects = (await c.query<Record<string, unknown>>('SELECT step, row_key, reason FROM voipdb_convert_rejects'))
    .map((r) => `${r.step}|${r.row_key}|${String(r.reason).slice(0, 28)}`)
    .sort();
  return { items, events, rejects };
}

/** The non-unique indexes of both tables (unique ones are named differently by each dialect). */
async function indexNames(c: Connection): Promise<string[]> {
  const dest = destFor(c);
  const all = [...(await dest.deferrableIndexes(c, 'items_out')), ...(await dest.deferrableIndexes(c, 'events_out'))];
  return all
    .filter((i) => !i.unique)
    .map((i) => i.name)
    .sort();
}

/** Every index of a table by name, unique constraints' included, as the server reports them. */
async function indexesOn(c: Connection, table: string): Promise<string[]> {
  const m = await introspect(c, { tables: [table] });
  return [...Object.keys(m.indexes), ...(m.tables[table]?.uniques ?? []).map((u) => u.name ?? '')];
}

function show(v: unknown): string {
  if (v == null) return 'null';
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return String(v);
}

const PAIRS: [BackendName, BackendName][] = [
  ['sqlite', 'postgres'],
  ['postgres', 'sqlite'],
  ['mariadb', 'pglite'],
  ['pglite', 'mariadb'],
];

for (const [from, to] of PAIRS) {
  const ok = (await available(from)) && (await available(to));
  describe.skipIf(!ok)(`engine: ${from} -> ${to}`, () => {
    const dbs: TestDb[] = [];
    let src: TestDb;
    let source: Connection;
    let before: string;

    const fresh = async (b: BackendName) => {
      const db = await freshDb(b, 'vce');
      dbs.push(db);
      return db;
    };
    /** One run on its own connections (PGlite directories take one opener at a time). */
    const runOn = async (dst: TestDb, opts: Partial<ConvertOptions>) => {
      const s = await openSource(src.target);
      const d = await dst.connect();
      try {
        // A connection of its own for look-ups and index rebuilds, as `voipdb convert` gives (PGlite has one).
        const openDestination = async () => (to === 'pglite' ? undefined : dst.connect());
        return await runConversion({
          converter: toy,
          source: s,
          destination: d,
          batchSize: 10,
          openDestination,
          ...opts,
        });
      } finally {
        await d.close();
        await s.close();
      }
    };

    beforeAll(async () => {
      src = await fresh(from);
      await makeSource(src);
      source = await openSource(src.target);
      before = await snapshot(source);
      await source.close();
    });

    afterAll(async () => {
      for (const db of dbs) await db.drop();
    });

    it('converts, skips and records the rows it cannot convert, and names them', async () => {
      const dst = await fresh(to);
      await makeDest(dst);
      const s = await runOn(dst, { onError: 'skip' });
      expect(s.steps.map((x) => [x.step, x.state, x.rowsRead])).toEqual([
        ['items', 'done', 57],
        ['events', 'done', 45],
      ]);
      expect(s.rejected.map((r) => r.key)).toEqual(['id=13', 'id=41']);
      expect(s.rejected[0]!.reason).toBe('bad name');
      expect(s.rejected[1]!.reason).toMatch(/destination refused/);
      const c = await dst.connect();
      try {
        const out = await output(c);
        expect(out.items).toHaveLength(55);
        expect(out.items).toContain(`2|ÍTEM 2|${Buffer.from([2, 0, 9, 10, 92, 255]).toString('hex')}|6`);
        expect(out.items).toContain('5|ÍTEM 5|null|null');
        expect(out.items).toContain('40|DUP|null|null');
        expect(out.events).toHaveLength(45);
        expect(out.events).toContain('2|line\t1\n\\ ok');
        expect(out.events).toContain('1|null');
        expect(out.rejects).toEqual(['items|id=13|bad name', 'items|id=41|the destination refused it: ']);
        // The sequence moved past the explicit ids.
        await c.exec("INSERT INTO items_out (name) VALUES ('next')");
        const [n] = await c.query<{ id: unknown }>("SELECT id FROM items_out WHERE name = 'next'");
        expect(Number(n!.id)).toBeGreaterThan(57);
      } finally {
        await c.close();
      }
    });

    it('stops at the first row it cannot convert, and resumes from there', async () => {
      const dst = await fresh(to);
      await makeDest(dst);
      const err = await runOn(dst, {}).catch((e) => e);
      expect(isVoipdbError(err) && err.kind).toBe('integrity');
      expect(err.message).toBe('items row id=13 cannot be converted: bad name');
      expect(err.hint).toMatch(/--on-error skip/);
      const c = await dst.connect();
      const [p] = await c.query<{ rows_read: unknown; state: string }>(
        "SELECT rows_read, state FROM voipdb_convert_progress WHERE step = 'items'",
      );
      await c.close();
      expect([Number(p!.rows_read), p!.state]).toEqual([10, 'running']);
      const s = await runOn(dst, { onError: 'skip' });
      expect(s.resumed).toBe(true);
      expect(s.steps[0]!.rowsRead).toBe(47);

      const ref = await fresh(to);
      await makeDest(ref);
      await runOn(ref, { onError: 'skip', batchSize: 1000 });
      const [a, b] = [await ref.connect(), await dst.connect()];
      try {
        expect(await output(b)).toEqual(await output(a));
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('resumes after a run that ended between batches, and refuses a changed key-less source', async () => {
      const dst = await fresh(to);
      await makeDest(dst);
      const crash = new Error('crash');
      const err = await runOn(dst, {
        onError: 'skip',
        deferIndexesFrom: 0,
        onBatch: (step, n) => {
          if (step === 'events' && n >= 20) throw crash;
        },
      }).catch((e) => e);
      expect(err).toBe(crash);
      // items rebuilt its deferred index when it ended; events had dropped its own and stopped.
      const c0 = await dst.connect();
      expect(await indexNames(c0)).toEqual(['items_out_len']);
      await c0.close();
      const again = await runOn(dst, { onError: 'skip', batchSize: 7, tables: ['log'] });
      expect(again.steps.map((x) => [x.step, x.state, x.rowsRead])).toEqual([
        ['items', 'not-selected', 0],
        ['events', 'done', 25],
      ]);
      const c = await dst.connect();
      try {
        expect(await indexNames(c)).toEqual(['events_out_msg', 'items_out_len']);
        const out = await output(c);
        expect(out.events).toHaveLength(45);
        expect(new Set(out.events.map((e) => e.split('|')[0])).size).toBe(45);
      } finally {
        await c.close();
      }

      // A key-less table resumes by position: if the rows before that position changed, refuse.
      const dst2 = await fresh(to);
      await makeDest(dst2);
      await runOn(dst2, {
        onError: 'skip',
        onBatch: (step, n) => {
          if (step === 'events' && n >= 20) throw crash;
        },
      }).catch(() => {});
      // Rows taken out before the resume point shift every later row.
      const w = await connect(src.target);
      const gone = await w.query<{ msg: string | null }>('SELECT msg FROM events WHERE msg IS NULL');
      await w.exec('DELETE FROM events WHERE msg IS NULL');
      const refused = await runOn(dst2, { onError: 'skip' }).catch((e) => e);
      for (const g of gone) await w.execute('INSERT INTO events (msg) VALUES (?)', [g.msg]);
      await w.close();
      if (from === 'sqlite') {
        // SQLite tables always have a rowid: events resumes by key, unaffected.
        expect(isVoipdbError(refused)).toBe(false);
      } else {
        expect(isVoipdbError(refused) && refused.kind).toBe('refused');
        expect(refused.message).toMatch(/source table events changed since the interrupted run/);
      }
    });

    it('keeps the serial column’s own unique index through a load (positions arrive in order), drops the others', async () => {
      const dst = await fresh(to);
      await makeDest(dst);
      // One connection at a time: PGlite directories take one opener.
      const names = async (act?: (c: Connection) => Promise<unknown>) => {
        const c = await dst.connect();
        try {
          await act?.(c);
          return (await indexesOn(c, 'items_out')).filter((n) => n === 'items_out_id' || n === 'items_out_len').sort();
        } finally {
          await c.close();
        }
      };
      await names((c) => c.exec('CREATE UNIQUE INDEX items_out_id ON items_out (id)'));
      const crash = new Error('crash');
      const err = await runOn(dst, {
        onError: 'skip',
        deferIndexesFrom: 0,
        onBatch: (step, n) => {
          if (step === 'items' && n >= 20) throw crash;
        },
      }).catch((e) => e);
      expect(err).toBe(crash);
      expect(await names()).toEqual(['items_out_id']);
      await runOn(dst, { onError: 'skip', deferIndexesFrom: 0 });
      expect(await names()).toEqual(['items_out_id', 'items_out_len']);
    });

    it('finds rows repeating a unique key when the index dropped for the load is rebuilt', async () => {
      // 'dup' and 'DUP' both become DUP.
      const dst = await fresh(to);
      await makeDest(dst);
      const err = await runOn(dst, { converter: lenient, deferIndexesFrom: 0 }).catch((e) => e);
      expect(isVoipdbError(err) && err.kind).toBe('integrity');
      if (to === 'sqlite') {
        // SQLite cannot drop a UNIQUE constraint's index: the batch is refused as it is written.
        expect(err.message).toMatch(/^items row id=41 cannot be converted: the destination refused it/);
      } else {
        expect(err.message).toMatch(
          /^1 row\(s\) of items_out repeat a key of its unique index \S+, first items_out \(name\) = \(DUP\)$/,
        );
        expect(err.hint).toMatch(/--on-error skip/);
      }

      const s = await runOn(dst, { converter: lenient, onError: 'skip', deferIndexesFrom: 0 });
      expect(s.resumed).toBe(true);
      expect([s.steps[0]!.state, s.steps[0]!.skipped, s.rejectedTotal]).toEqual(['done', 1, 1]);
      const c = await dst.connect();
      try {
        const out = await output(c);
        expect(out.items).toHaveLength(56);
        // The first one written stays.
        expect(out.items.filter((i) => i.split('|')[1] === 'DUP')).toEqual(['40|DUP|null|null']);
        expect(out.rejects).toEqual([
          to === 'sqlite'
            ? 'items|id=41|the destination refused it: '
            : 'items|items_out (name) = (DUP)|repeats a row already writte',
        ]);
        const [p] = await c.query<{ rows_written: unknown; rows_skipped: unknown }>(
          "SELECT rows_written, rows_skipped FROM voipdb_convert_progress WHERE step = 'items'",
        );
        expect([Number(p!.rows_written), Number(p!.rows_skipped)]).toEqual([56, 1]);
        // The unique index is back.
        expect(
          await c.exec("INSERT INTO items_out (name) VALUES ('DUP')").then(
            () => 'inserted',
            () => 'refused',
          ),
        ).toBe('refused');
      } finally {
        await c.close();
      }
    });

    it('refuses a destination that already holds rows, and unknown tables', async () => {
      const dst = await fresh(to);
      await makeDest(dst);
      const c = await dst.connect();
      await c.exec("INSERT INTO events_out (pos, msg) VALUES (1, 'x')");
      await c.close();
      const err = await runOn(dst, {}).catch((e) => e);
      expect(isVoipdbError(err) && err.kind).toBe('refused');
      expect(err.message).toBe('the destination is not empty: table events_out already has rows');
      const bad = await runOn(dst, { tables: ['nope'] }).catch((e) => e);
      expect(isVoipdbError(bad) && bad.kind).toBe('usage');
    });

    it('never wrote the source', async () => {
      const s = await openSource(src.target);
      try {
        expect(await snapshot(s)).toBe(before);
      } finally {
        await s.close();
      }
    });
  });
}
