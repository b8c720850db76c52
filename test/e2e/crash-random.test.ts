// Crash-proof, at random moments: `voipdb upgrade` killed (SIGKILL) or interrupted (SIGINT) after a
// random delay on every back-end, and the database server itself crashed mid-run (every server
// process SIGKILLed) on private PostgreSQL and MariaDB instances. After each, the next run must
// finish with the same schema, history and data as an uninterrupted one, and no run may exit 10
// (voipdb's bug) or blame a migration (6) for what a kill did. Trials are few and bounded; the
// counts are printed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { collect, ensureBuilt, runCli, spawnCli } from '../helpers/cli.js';
import {
  privateMariadbAvailable,
  privatePostgresAvailable,
  startPrivateMariadb,
  startPrivatePostgres,
  type PrivateServer,
} from '../helpers/private-servers.js';
import { removeTempDirs, sideEffectSet, writeSet } from './engine-sets.js';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 16 migrations with side effects, one of them outside a transaction on PostgreSQL (CREATE INDEX CONCURRENTLY). */
function setFor(backend: BackendName | 'postgres-private' | 'mariadb-private'): string {
  const files = sideEffectSet(16);
  const pg = backend.startsWith('postgres') || backend === 'pglite';
  files['V17__index.sql'] =
    `CREATE INDEX ${pg ? 'CONCURRENTLY ' : ''}ix_seed ON seed_log (migration);\nCREATE TABLE t_last (id INTEGER PRIMARY KEY);\n`;
  return writeSet('random', files);
}

async function snapshot(conn: Connection): Promise<unknown> {
  const history = await conn.query<Record<string, unknown>>(
    'SELECT version, kind, script, checksum, state FROM voipdb_history',
  );
  // MySQL spells the database's name into view definitions.
  const dbName = conn.target.database ? new RegExp('`' + conn.target.database + '`', 'g') : undefined;
  const model = JSON.stringify(await introspect(conn));
  return {
    model: JSON.parse(dbName ? model.replace(dbName, '`DB`') : model),
    // Recovering a repeatable stopped mid-way first drops what it made: a step of its own, recorded.
    history: history
      .filter((r) => r.kind !== 'drop-repeatables')
      .map((r) => JSON.stringify(r))
      .sort(),
    seeds: (await conn.query<{ migration: unknown }>('SELECT migration FROM seed_log ORDER BY migration')).map((r) =>
      Number(r.migration),
    ),
  };
}

const tally: Record<string, Record<string, number>> = {};
const note = (scenario: string, outcome: string) => {
  tally[scenario] ??= {};
  tally[scenario]![outcome] = (tally[scenario]![outcome] ?? 0) + 1;
};

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => {
  removeTempDirs();
  console.log(`[crash-random] ${JSON.stringify(tally)}`);
});

/** Trials per back-end: a seeded shuffle of delays keeps runs comparable, yet every moment gets hit over time. */
const TRIALS: { signal: 'SIGKILL' | 'SIGINT'; fraction: number }[] = [
  { signal: 'SIGKILL', fraction: 0.15 },
  { signal: 'SIGKILL', fraction: 0.4 },
  { signal: 'SIGKILL', fraction: 0.7 },
  { signal: 'SIGINT', fraction: 0.3 },
  { signal: 'SIGINT', fraction: 0.6 },
];

for (const backend of ['mariadb', 'postgres', 'sqlite', 'pglite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`${backend}: killed at random moments`, () => {
    const dbs: TestDb[] = [];
    const dir = setFor(backend);
    let baseline: unknown;
    let fullMs = 0;

    beforeAll(async () => {
      const db = await freshDb(backend, 'vt_rnd');
      dbs.push(db);
      const started = Date.now();
      const r = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
      fullMs = Date.now() - started;
      expect(r.code, r.stderr).toBe(0);
      const conn = await db.connect();
      baseline = await snapshot(conn);
      await conn.close();
    }, 180_000);
    afterAll(async () => {
      for (const db of dbs) await db.drop();
    });

    it(`${TRIALS.length} kills (SIGKILL and SIGINT), each resumed to the same end`, async () => {
      for (const trial of TRIALS) {
        const db = await freshDb(backend, 'vt_rnd');
        dbs.push(db);
        const child = spawnCli(['upgrade', '--dir', dir, '--url', db.url]);
        child.stdin?.end();
        const done = collect(child, 180_000);
        // Node's start-up is about half of a short run: aim the kill into the rest, jittered.
        await sleep(Math.round(fullMs * (0.35 + 0.65 * trial.fraction) * (0.8 + 0.4 * Math.random())));
        child.kill(trial.signal);
        const r = await done;
        const outcome = r.signal ? `killed` : `exit ${r.code}`;
        note(`${backend} ${trial.signal}`, outcome);
        expect(r.code === 10 || r.code === 6, r.stderr).toBe(false);
        // A signal outside the run (starting up, before the lock) ends the process at once, silently.
        if (trial.signal === 'SIGINT' && r.code === 130 && r.stderr.includes('stopping after')) {
          expect(r.stderr).toMatch(/interrupted after .*; run voipdb upgrade to continue/);
        }
        const next = await runCli(['upgrade', '--dir', dir, '--url', db.url], { timeoutMs: 180_000 });
        expect(next.code, next.stderr).toBe(0);
        const conn = await db.connect();
        try {
          expect(await snapshot(conn)).toEqual(baseline);
        } finally {
          await conn.close();
        }
        await db.drop();
      }
    }, 600_000);
  });
}

interface PrivateCase {
  name: 'postgres-private' | 'mariadb-private';
  ok: boolean;
  start: () => Promise<PrivateServer>;
  /** A fresh database on the private server. */
  create: (admin: string, name: string) => string;
}

const PRIVATE: PrivateCase[] = [
  {
    name: 'postgres-private',
    ok: privatePostgresAvailable(),
    start: startPrivatePostgres,
    create: (_admin, name) => `CREATE DATABASE ${name}`,
  },
  {
    name: 'mariadb-private',
    ok: privateMariadbAvailable(),
    start: startPrivateMariadb,
    create: (_admin, name) => `CREATE DATABASE ${name}`,
  },
];

const SERVER_TRIALS = [0.3, 0.55, 0.8];

for (const p of PRIVATE) {
  describe.skipIf(!p.ok)(`${p.name}: the server crashes mid-upgrade`, () => {
    let server: PrivateServer;
    const dir = setFor(p.name);
    let baseline: unknown;
    let fullMs = 0;
    const urlOf = (name: string) => server.url.replace(/\/[^/]*$/, `/${name}`);
    const create = async (name: string) => {
      const admin = await connect(parseTarget(server.url));
      await admin.exec(p.create(server.url, name));
      await admin.close();
      return urlOf(name);
    };

    beforeAll(async () => {
      server = await p.start();
      const url = await create('baseline');
      const started = Date.now();
      const r = await runCli(['upgrade', '--dir', dir, '--url', url]);
      fullMs = Date.now() - started;
      expect(r.code, r.stderr).toBe(0);
      const conn = await connect(parseTarget(url));
      baseline = await snapshot(conn);
      await conn.close();
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
    });

    it(`${SERVER_TRIALS.length} server crashes: exit 3 naming what was in flight, then the next run finishes`, async () => {
      for (const [i, fraction] of SERVER_TRIALS.entries()) {
        const url = await create(`crash_${i}`);
        const child = spawnCli(['upgrade', '--dir', dir, '--url', url]);
        child.stdin?.end();
        const done = collect(child, 180_000);
        await sleep(Math.round(fullMs * (0.35 + 0.65 * fraction)));
        await server.crash();
        const r = await done;
        note(p.name, `exit ${r.code}`);
        expect([0, 3], r.stderr).toContain(r.code);
        if (r.code === 3) {
          expect(r.stderr).toMatch(/server went away|cannot reach/);
          expect(r.stderr).not.toMatch(/fix statement/);
        }
        await server.start();
        const next = await runCli(['upgrade', '--dir', dir, '--url', url], { timeoutMs: 180_000 });
        expect(next.code, next.stderr).toBe(0);
        const conn = await connect(parseTarget(url));
        try {
          expect(await snapshot(conn)).toEqual(baseline);
        } finally {
          await conn.close();
        }
      }
    }, 900_000);
  });
}
