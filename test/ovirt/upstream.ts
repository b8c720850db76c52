// oVirt's own tree and tooling, for the comparison test and the benchmark: packaging/dbscripts of
// ovirt-engine exported (never committed) to /tmp/ovirt-dbscripts or $OVIRT_DBSCRIPTS, and its
// schema.sh run with psql as an admin runs it.

import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/db/connect.js';
import type { Connection } from '../../src/db/connection.js';
import { parseTarget, withDatabase, type Target } from '../../src/db/url.js';
import { PG_ADMIN_URL, uniqueName } from '../helpers/backends.js';

/** The exported dbscripts tree, when there is one. */
export function ovirtTree(): string | undefined {
  const dir = process.env.OVIRT_DBSCRIPTS ?? '/tmp/ovirt-dbscripts';
  return existsSync(join(dir, 'schema.sh')) && existsSync(join(dir, 'upgrade')) ? dir : undefined;
}

export function psqlAvailable(): boolean {
  return spawnSync('psql', ['--version']).status === 0;
}

export function pgDumpAvailable(): boolean {
  return spawnSync('pg_dump', ['--version']).status === 0;
}

export interface ScratchDb {
  target: Target;
  name: string;
  connect(): Promise<Connection>;
  drop(): Promise<void>;
}

/** An empty database with uuid-ossp, which schema.sh requires before anything else. */
export async function emptyOvirtDb(admin = PG_ADMIN_URL): Promise<ScratchDb> {
  const name = uniqueName('ovr');
  const a = await connect(parseTarget(admin));
  try {
    await a.exec(`CREATE DATABASE "${name}"`);
  } finally {
    await a.close();
  }
  const target = withDatabase(parseTarget(admin), name);
  const c = await connect(target);
  try {
    await c.exec(`CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`);
  } finally {
    await c.close();
  }
  return {
    target,
    name,
    connect: () => connect(target),
    async drop() {
      const b = await connect(parseTarget(admin));
      try {
        await b.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await b.close();
      }
    },
  };
}

export async function uuidOsspAvailable(admin = PG_ADMIN_URL): Promise<boolean> {
  try {
    const c = await connect(parseTarget(admin));
    try {
      return (await c.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'uuid-ossp'`)).length > 0;
    } finally {
      await c.close();
    }
  } catch {
    return false;
  }
}

/** `schema.sh -c apply` on the database, from /tmp as an admin runs it; resolves with its wall time in ms. */
export function runSchemaSh(tree: string, db: Target): Promise<number> {
  const log = join(mkdtempSync(join(tmpdir(), 'voipdb-schemash-')), 'schema.log');
  const args = [
    join(tree, 'schema.sh'),
    '-c',
    'apply',
    '-u',
    db.user ?? 'postgres',
    '-d',
    db.database!,
    '-s',
    db.host ?? '127.0.0.1',
    '-p',
    String(db.port ?? 5432),
    '-l',
    log,
  ];
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) =>
    execFile(
      'sh',
      args,
      { cwd: '/tmp', env: { ...process.env, PGPASSWORD: db.password ?? '' }, maxBuffer: 64 * 1024 * 1024 },
      (err, _out, stderr) => {
        if (err) reject(new Error(`schema.sh failed (log ${log}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      },
    ),
  );
}

/** pg_dump --schema-only, without voipdb's tables and the lines that differ by run (restrict keys, comments). */
export function schemaDump(db: Target): string {
  const r = spawnSync(
    'pg_dump',
    [
      '-s',
      '--no-owner',
      '--no-privileges',
      '-T',
      'voipdb_*',
      '-h',
      db.host ?? '127.0.0.1',
      '-p',
      String(db.port ?? 5432),
      '-U',
      db.user ?? 'postgres',
      db.database!,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, PGPASSWORD: db.password ?? '' },
    },
  );
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => !/^\\(un)?restrict /.test(l) && !l.startsWith('--') && l.trim() !== '')
    .join('\n');
}
