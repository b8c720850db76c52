// Continuous replication on PostgreSQL with its native logical replication: a publication of
// the included tables on the master, a subscription on the standby. The standby's included
// tables are emptied in one transaction and the subscription copies them (copy_data), then
// streams every change. Sequences are not carried by logical replication: they are copied once
// here, and again by a one-shot `voipdb replicate` before a failover.

import { VoipdbError } from '../../core/errors.js';
import { silent } from '../../core/events.js';
import type { Connection } from '../../db/connection.js';
import type { Target } from '../../db/url.js';
import { catalogOf } from '../catalog.js';
import { planReplicate, type ReplicateOptions } from './plan.js';
import { standbySide } from './standby.js';
import { dialectOf } from '../../dialect/index.js';
import { postgres } from '../../dialect/postgres.js';

export interface LogicalOptions extends ReplicateOptions {
  /** Names the publication, subscription and slot: voipdb_<name>. Default "standby". */
  name?: string;
  /** How the standby reaches the master (libpq conninfo); default: built from the master's URL. */
  masterConninfo?: string;
  /** Give tables without a primary key REPLICA IDENTITY FULL on the master (else refused). */
  replicaIdentityFull?: boolean;
  /** Wait until the initial copy of every table is done (ms; 0 = do not wait). */
  waitMs?: number;
}

export interface LogicalResult {
  publication: string;
  subscription: string;
  tables: string[];
  excluded: { table: string; group: string }[];
  /** Tables whose initial copy is done (state 'r' ready or 's' synchronized). */
  ready: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ident = postgres.quote;

function objectName(name: string | undefined): string {
  const n = (name ?? 'standby').toLowerCase();
  if (!/^[a-z0-9_]{1,50}$/.test(n))
    throw new VoipdbError('usage', `replication name "${name}" must be letters, digits and _`, {
      hint: 'for example: --name standby',
    });
  return `voipdb_${n}`;
}

function requirePg(conn: Connection, role: string): void {
  if (!dialectOf(conn.dialect).logicalReplication || conn.driver === 'pglite') {
    throw new VoipdbError(
      'usage',
      `continuous replication needs PostgreSQL servers (the ${role} is ${conn.driver === 'pglite' ? 'an embedded PGlite database' : conn.dialect})`,
      {
        hint: 'use the one-shot sync (voipdb replicate without --continuous), for example from cron as XiVO did',
      },
    );
  }
}

/** libpq conninfo for the master, as the standby will use it. */
export function conninfoFor(t: Target): string {
  const v = (s: string) => "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
  const parts = [
    `host=${v(t.params.host ?? t.host ?? 'localhost')}`,
    `port=${t.port ?? 5432}`,
    `dbname=${v(t.database ?? 'postgres')}`,
  ];
  if (t.user) parts.push(`user=${v(t.user)}`);
  if (t.password) parts.push(`password=${v(t.password)}`);
  if (t.params.sslmode) parts.push(`sslmode=${v(t.params.sslmode)}`);
  return parts.join(' ');
}

/** The master must write logical WAL; say how to get there in one line when it does not. */
export async function requireLogicalWal(master: Connection): Promise<void> {
  const [r] = await master.query<{ wal_level: string }>('SHOW wal_level');
  const level = r?.wal_level ?? 'unknown';
  if (level !== 'logical') {
    throw new VoipdbError('refused', `the master's wal_level is "${level}"; continuous replication needs "logical"`, {
      where: master.target.display,
      hint: 'on the master run ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL (e.g. systemctl restart postgresql), and run this command again',
    });
  }
}

async function sameCluster(a: Connection, b: Connection): Promise<boolean> {
  const q = 'SELECT system_identifier::text AS id FROM pg_control_system()';
  const [[x], [y]] = [await a.query<{ id: string }>(q), await b.query<{ id: string }>(q)];
  return !!x && !!y && x.id === y.id;
}

export async function startLogical(
  master: Connection,
  standby: Connection,
  opts: LogicalOptions = {},
): Promise<LogicalResult> {
  const events = opts.events ?? silent;
  requirePg(master, 'master');
  requirePg(standby, 'standby');
  await requireLogicalWal(master);
  const name = objectName(opts.name);
  const plan = await planReplicate(master, standby, opts);
  if (!plan.included.length)
    throw new VoipdbError('usage', 'no table left to replicate after the exclusions', {
      hint: 'check --exclude-group / --exclude-table',
    });

  const [existing] = await standby.query(`SELECT 1 AS x FROM pg_subscription WHERE subname = ?`, [name]);
  if (existing) {
    throw new VoipdbError('refused', `the standby already has the subscription ${name}`, {
      where: standby.target.display,
      hint: `voipdb replicate --continuous --status shows it; voipdb replicate --continuous --stop removes it`,
    });
  }

  // UPDATE/DELETE on a published table without a replica identity would fail on the master.
  const cat = catalogOf(master);
  const noKey: string[] = [];
  for (const t of plan.included) {
    if ((await cat.primaryKey(master, t)).length) continue;
    const [ri] = await master.query<{ r: string }>(`SELECT relreplident AS r FROM pg_class WHERE oid = ?::regclass`, [
      ident(t),
    ]);
    if (ri?.r !== 'f') noKey.push(t);
  }
  if (noKey.length && !opts.replicaIdentityFull) {
    throw new VoipdbError('refused', `table(s) without a primary key cannot be published safely: ${noKey.join(', ')}`, {
      where: master.target.display,
      hint: 'leave them out (--exclude-table), or run again with --replica-identity-full',
    });
  }
  for (const t of noKey) await master.exec(`ALTER TABLE ${ident(t)} REPLICA IDENTITY FULL`);

  const tableList = plan.included.map(ident).join(', ');
  const [pub] = await master.query(`SELECT 1 AS x FROM pg_publication WHERE pubname = ?`, [name]);
  await master.exec(
    pub ? `ALTER PUBLICATION ${name} SET TABLE ${tableList}` : `CREATE PUBLICATION ${name} FOR TABLE ${tableList}`,
  );

  // Empty the standby's copies in one transaction; the subscription fills them.
  const side = standbySide('postgres');
  await side.begin(standby);
  try {
    await side.clear(standby, plan.included, plan.referencedFromOutside);
    await side.setSequences(standby, await side.readSequences(master, plan.sequences));
    await side.commit(standby);
  } catch (e) {
    await side.rollback(standby);
    throw e;
  }

  // Two databases of one cluster: CREATE SUBSCRIPTION would wait on itself for the slot.
  const conninfo = opts.masterConninfo ?? conninfoFor(master.target);
  const withOpts = ['copy_data = true'];
  if (await sameCluster(master, standby)) {
    const [slot] = await master.query(`SELECT 1 AS x FROM pg_replication_slots WHERE slot_name = ?`, [name]);
    if (!slot) await master.query(`SELECT pg_create_logical_replication_slot(?, 'pgoutput')`, [name]);
    withOpts.push('create_slot = false', `slot_name = '${name}'`);
  }
  try {
    await standby.exec(
      `CREATE SUBSCRIPTION ${name} CONNECTION '${conninfo.replace(/'/g, "''")}' PUBLICATION ${name} WITH (${withOpts.join(', ')})`,
    );
  } catch (e) {
    throw new VoipdbError(
      'refused',
      `the standby could not subscribe to the master: ${String((e as Error).message).split('\n')[0]}`,
      {
        where: standby.target.display,
        hint: 'check that the standby can reach the master (pg_hba.conf, max_replication_slots, max_wal_senders), or give --master-conninfo',
        cause: e,
      },
    );
  }
  events({
    type: 'log',
    level: 'info',
    message: `publication ${name} on the master, subscription ${name} on the standby (${plan.included.length} tables)`,
  });

  let ready: number;
  const deadline = Date.now() + (opts.waitMs ?? 0);
  for (;;) {
    ready = (await logicalStatus(standby, opts.name)).ready;
    events({ type: 'progress', task: 'initial copy', done: ready, total: plan.included.length, unit: 'tables' });
    if (ready >= plan.included.length || Date.now() >= deadline) break;
    await sleep(200);
  }
  return {
    publication: name,
    subscription: name,
    tables: plan.included,
    excluded: [...plan.excluded].map(([table, group]) => ({ table, group })),
    ready,
  };
}

export interface LogicalStatus {
  subscription: string;
  exists: boolean;
  enabled: boolean;
  tables: number;
  ready: number;
  /** Time of the last message from the master, if any. */
  lastMessage: string | null;
}

export async function logicalStatus(standby: Connection, name?: string): Promise<LogicalStatus> {
  requirePg(standby, 'standby');
  const sub = objectName(name);
  const [s] = await standby.query<{ oid: number; subenabled: boolean }>(
    `SELECT oid, subenabled FROM pg_subscription WHERE subname = ?`,
    [sub],
  );
  if (!s) return { subscription: sub, exists: false, enabled: false, tables: 0, ready: 0, lastMessage: null };
  const rels = await standby.query<{ st: string }>(
    `SELECT srsubstate AS st FROM pg_subscription_rel WHERE srsubid = ?`,
    [s.oid],
  );
  const [stat] = await standby.query<{ t: string | null }>(
    `SELECT max(last_msg_receipt_time)::text AS t FROM pg_stat_subscription WHERE subid = ?`,
    [s.oid],
  );
  return {
    subscription: sub,
    exists: true,
    enabled: s.subenabled,
    tables: rels.length,
    ready: rels.filter((r) => r.st === 'r' || r.st === 's').length,
    lastMessage: stat?.t ?? null,
  };
}

/** Remove the subscription (standby) and the publication and slot (master). */
export async function stopLogical(master: Connection, standby: Connection, name?: string): Promise<void> {
  requirePg(master, 'master');
  requirePg(standby, 'standby');
  const n = objectName(name);
  const [sub] = await standby.query(`SELECT 1 AS x FROM pg_subscription WHERE subname = ?`, [n]);
  if (sub) {
    if (await sameCluster(master, standby)) {
      // The slot is ours to drop on the master; detach it first so DROP SUBSCRIPTION does not wait on itself.
      await standby.exec(`ALTER SUBSCRIPTION ${n} DISABLE`);
      await standby.exec(`ALTER SUBSCRIPTION ${n} SET (slot_name = NONE)`);
    }
    await standby.exec(`DROP SUBSCRIPTION ${n}`);
  }
  for (let i = 0; i < 50; i++) {
    const [slot] = await master.query<{ active: boolean }>(
      `SELECT active FROM pg_replication_slots WHERE slot_name = ?`,
      [n],
    );
    if (!slot) break;
    if (!slot.active) {
      await master.query(`SELECT pg_drop_replication_slot(?)`, [n]);
      break;
    }
    await sleep(100);
  }
  await master.exec(`DROP PUBLICATION IF EXISTS ${n}`);
}
