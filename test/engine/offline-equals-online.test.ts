// Offline equals online, statement for statement: on a real fresh database of each dialect,
// `upgrade` (and `downgrade`) run with a connection that records every script sent to it;
// `voipdb sql` of the same sets renders its script through the same executor. Where every step
// commits whole (PostgreSQL, PGlite, SQLite) the scripts are the same text, byte for byte. A step
// run statement by statement (MySQL DDL, CREATE INDEX CONCURRENTLY) also keeps the runner's
// journal online (its running history row, updated after each statement and closed at the end);
// offline that row is written whole at the end instead: the rest is the same statements.

import { afterAll, describe, expect, it } from 'vitest';
import { downgrade, renderScript, upgrade, type OfflineOptions } from '../../src/engine/index.js';
import { splitStatements } from '../../src/schema/sql-split.js';
import type { Connection } from '../../src/db/connection.js';
import type { ScriptSet } from '../../src/engine/types.js';
import { loadPack } from '../../src/packs/index.js';
import { col, t } from '../../src/schema/operations.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';

const created: TestDb[] = [];
afterAll(async () => {
  await Promise.all(created.map((db) => db.drop()));
}, 600_000);

/** The connection, with every `exec` (the plan's statements) recorded as sent. */
function recording(conn: Connection): { conn: Connection; sent: string[] } {
  const sent: string[] = [];
  const wrapped: Connection = {
    target: conn.target,
    dialect: conn.dialect,
    driver: conn.driver,
    raw: conn.raw,
    query: (sql, params) => conn.query(sql, params),
    execute: (sql, params) => conn.execute(sql, params),
    exec: async (script) => {
      sent.push(script);
      await conn.exec(script);
    },
    close: () => conn.close(),
  };
  return { conn: wrapped, sent };
}

/** A small set written as operations, with downs, a seed row and a step that is not transactional. */
function phonebook(): ScriptSet {
  return {
    name: 'phonebook',
    migrations: [
      {
        version: '1',
        description: 'contacts',
        kind: 'versioned',
        script: 'V1__contacts',
        up: {
          ops: (op) =>
            op.createTable('contacts', [
              col('id', t.integer(), { primaryKey: true }),
              col('name', t.string(80), { nullable: false }),
            ]),
        },
        down: { ops: (op) => op.dropTable('contacts') },
      },
      {
        version: '2',
        description: 'numbers',
        kind: 'versioned',
        script: 'V2__numbers',
        up: { ops: (op) => op.addColumn('contacts', col('number', t.string(40))) },
        down: { ops: (op) => op.dropColumn('contacts', 'number') },
      },
      {
        version: '3',
        description: "seed: it's me; hello",
        kind: 'versioned',
        script: 'V3__seed',
        up: { sql: "INSERT INTO contacts (id, name, number) VALUES (1, 'it''s me; hello', '100')" },
        down: { sql: 'DELETE FROM contacts WHERE id = 1' },
      },
      {
        version: '4',
        description: 'index by number, outside a transaction',
        kind: 'versioned',
        script: 'V4__by_number',
        transactional: false,
        up: { ops: (op) => op.createIndex('contacts_number', 'contacts', ['number']) },
        down: { ops: (op) => op.dropIndex('contacts_number', 'contacts') },
      },
    ],
  };
}

// One start time for both runs (now, so the recorded durations stay small).
const started = new Date().toISOString().replace('T', ' ').replace('Z', '');
const clock = () => started;
const same = { clock, installedBy: 'offline-equals-online' };
const planOf = (s: Awaited<ReturnType<typeof renderScript>>) =>
  s.statements.filter((x) => !x.journal).map((x) => x.sql);

async function compare(
  db: TestDb,
  sets: () => Promise<ScriptSet[]>,
  opts: OfflineOptions & { downTo?: string },
): Promise<string[]> {
  const base = await db.connect();
  const { conn, sent } = recording(base);
  try {
    if (opts.downTo) {
      await upgrade(base, await sets(), undefined, same);
      await downgrade(conn, await sets(), opts.downTo, { ...same, allowDataLoss: true });
    } else {
      await upgrade(conn, await sets(), opts.to, { ...same, replay: opts.replay });
    }
  } finally {
    await base.close();
  }
  const down = opts.downTo ? { direction: 'down' as const, to: opts.downTo } : {};
  const script = await renderScript(await sets(), conn.dialect, { ...same, ...opts, ...down });
  const plan = planOf(script);
  if (!script.statements.some((x) => x.journal)) expect(plan).toEqual(sent);
  else expectPlanWithJournal(plan, sent);
  // Every statement is in the script text, in order, as the dialect's client takes it.
  let at = 0;
  for (const s of script.statements) {
    const i = script.text.indexOf(s.sql, at);
    expect(i, s.sql.slice(0, 80)).toBeGreaterThanOrEqual(at);
    at = i + s.sql.length;
  }
  return sent;
}

/** The journal online keeps around a statement-by-statement step: its history row, transactions. */
const JOURNAL =
  /^(UPDATE voipdb_history SET |INSERT INTO voipdb_history .*'running'|BEGIN\b|START TRANSACTION\b|SET LOCAL lock_timeout\b|COMMIT\b)/s;

/** Online, statement by statement, is offline's plan with the journal between its statements. */
function expectPlanWithJournal(plan: string[], sent: string[]): void {
  const statements = (chunks: string[]) =>
    chunks.flatMap((c) => splitStatements(c)).map((s) => s.replace(/;\s*$/, '').trim());
  const [want, got] = [statements(plan), statements(sent)];
  let j = 0;
  const extra: string[] = [];
  for (const s of got) {
    if (j < want.length && s === want[j]) j++;
    else extra.push(s);
  }
  expect(want.slice(j), 'plan statements never sent').toEqual([]);
  expect(
    extra.filter((s) => !JOURNAL.test(s)),
    'statements sent that are not in the plan',
  ).toEqual([]);
}

const packs = async () => [
  ...(await (await loadPack('asterisk')).sets({})),
  ...(await (await loadPack('kamailio')).sets({ groups: ['standard'] })),
];

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`voipdb sql sends what upgrade sends on ${backend}`, () => {
    it('fresh install: the head-schema step of each set, as upgrade runs it', async () => {
      const db = await freshDb(backend, 'offon');
      created.push(db);
      const sent = await compare(db, packs, {});
      expect(sent.some((s) => /CREATE TABLE\s+["`]?ps_endpoints/.test(s))).toBe(true);
    }, 300_000);

    it('--replay: every revision, as upgrade --replay runs them', async () => {
      const db = await freshDb(backend, 'offonr');
      created.push(db);
      const sent = await compare(db, async () => (await (await loadPack('asterisk')).sets({})).slice(0, 1), {
        replay: true,
      });
      expect(sent.join('\n').split('UPDATE alembic_version_config').length).toBeGreaterThan(100);
    }, 300_000);

    it('SQL text, seed rows and a step outside a transaction', async () => {
      const db = await freshDb(backend, 'offonp');
      created.push(db);
      const sent = await compare(db, async () => [phonebook()], {});
      expect(sent.join('\n')).toContain("'it''s me; hello'");
    }, 120_000);

    it('to a version, then the offline downgrade equals downgrade', async () => {
      const db = await freshDb(backend, 'offond');
      created.push(db);
      await compare(db, async () => [phonebook()], { to: '2' });
      const db2 = await freshDb(backend, 'offond2');
      created.push(db2);
      const sent = await compare(db2, async () => [phonebook()], { downTo: '1' });
      expect(sent.some((s) => /DROP INDEX/i.test(s))).toBe(true);
    }, 120_000);
  });
}
