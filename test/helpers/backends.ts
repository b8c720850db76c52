// Real back-ends for tests: a fresh, empty database per call on PostgreSQL, MariaDB, SQLite and
// PGlite. A suite whose server is unreachable is skipped with a notice, unless
// VOIPDB_REQUIRE_SERVERS=1 (as in .ci/run), where it fails.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect } from '../../src/db/connect.js';
import type { Connection } from '../../src/db/connection.js';
import { parseTarget, type Target } from '../../src/db/url.js';

export type BackendName = 'postgres' | 'mariadb' | 'sqlite' | 'pglite';
export const ALL_BACKENDS: BackendName[] = ['postgres', 'mariadb', 'sqlite', 'pglite'];

export const PG_ADMIN_URL = process.env.VOIPDB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const MYSQL_ADMIN_URL = process.env.VOIPDB_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
export const requireServers = process.env.VOIPDB_REQUIRE_SERVERS === '1';

const reachable = new Map<string, Promise<boolean>>();

async function probe(url: string): Promise<boolean> {
  try {
    const c = await connect(parseTarget(url));
    await c.close();
    return true;
  } catch {
    return false;
  }
}

/** Whether a back-end can run here. Throws when servers are required but down. */
export async function available(b: BackendName): Promise<boolean> {
  if (b === 'sqlite' || b === 'pglite') return true;
  const url = b === 'postgres' ? PG_ADMIN_URL : MYSQL_ADMIN_URL;
  if (!reachable.has(url)) reachable.set(url, probe(url));
  const ok = await reachable.get(url)!;
  if (!ok && requireServers) throw new Error(`${b} is required (VOIPDB_REQUIRE_SERVERS=1) but unreachable at ${url}`);
  if (!ok) console.warn(`[voipdb tests] ${b} unreachable: its suites are skipped`);
  return ok;
}

export function uniqueName(prefix = 'vt'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export interface TestDb {
  backend: BackendName;
  url: string;
  target: Target;
  /** A new connection to this database. */
  connect(): Promise<Connection>;
  /** Drop the database (server back-ends) or forget the file. */
  drop(): Promise<void>;
}

/** A fresh, empty database on the back-end. */
export async function freshDb(b: BackendName, prefix = 'vt'): Promise<TestDb> {
  const name = uniqueName(prefix);
  let url: string;
  let drop: () => Promise<void> = async () => {};
  if (b === 'postgres') {
    const admin = await connect(parseTarget(PG_ADMIN_URL));
    await admin.exec(`CREATE DATABASE "${name}"`);
    await admin.close();
    url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    drop = async () => {
      const a = await connect(parseTarget(PG_ADMIN_URL));
      await a.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await a.close();
    };
  } else if (b === 'mariadb') {
    const admin = await connect(parseTarget(MYSQL_ADMIN_URL));
    await admin.exec(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    await admin.close();
    url = MYSQL_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    drop = async () => {
      const a = await connect(parseTarget(MYSQL_ADMIN_URL));
      await a.exec(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => {});
      await a.close();
    };
  } else if (b === 'sqlite') {
    url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'voipdb-')), name + '.db')}`;
  } else {
    url = `pglite:${join(mkdtempSync(join(tmpdir(), 'voipdb-')), name)}`;
  }
  const target = parseTarget(url);
  return { backend: b, url, target, connect: () => connect(target), drop };
}

/**
 * describe-per-backend helper:
 *   for (const b of ALL_BACKENDS) describe.skipIf(!(await available(b)))(b, () => { ... })
 * Vitest supports top-level await in test files.
 */
export async function backendsHere(list: BackendName[] = ALL_BACKENDS): Promise<{ name: BackendName; ok: boolean }[]> {
  const out = [];
  for (const name of list) out.push({ name, ok: await available(name) });
  return out;
}

export const requirePrograms = process.env.VOIPDB_REQUIRE_PROGRAMS === '1';

/** Whether an external program (kamailio, sipp, isql, alembic...) is installed. CI requires them all. */
export function programAvailable(path: string): boolean {
  const ok = existsSync(path);
  if (!ok && requirePrograms) throw new Error(`${path} is required (VOIPDB_REQUIRE_PROGRAMS=1) but not installed`);
  if (!ok) console.warn(`[voipdb tests] ${path} not installed: its end-to-end tests are skipped`);
  return ok;
}
