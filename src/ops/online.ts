// Big-table changes while services run. `addSerialPrimaryKey` is the online form of
// `ALTER TABLE t ADD COLUMN id SERIAL PRIMARY KEY` (XiVO 14.08's queue_log change);
// `onlineFormOf` recognises a migration that is only such a change; `applyAhead` runs one pending
// migration's online form before the upgrade and records it, so the upgrade skips it (the XiVO
// note's "alter the table before the upgrade", recorded instead of hoped for).

import { userInfo } from 'node:os';
import { VoipdbError } from '../core/errors.js';
import { silent } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import type { DialectName } from '../db/url.js';
import { dialectOf } from '../dialect/index.js';
import { insertRowSql } from '../engine/history.js';
import { ensureOwnTables } from '../engine/own-tables.js';
import { status } from '../engine/index.js';
import { acquireRunLock } from '../engine/lock.js';
import { guardWrites } from '../engine/topology-guard.js';
import type { ScriptSet } from '../engine/types.js';
import { addColumnMysql, addSerialPrimaryKeyMysql, type ColumnResult } from './online/mysql-online.js';
import {
  addSerialPrimaryKeyOnline,
  serialPkSpec,
  type OnlineOptions,
  type OnlineResult,
  type SerialPkSpec,
} from './online/serial-pk.js';

export type { ColumnResult } from './online/mysql-online.js';
export { serialPkSpec, type SerialPkSpec, type OnlineOptions, type OnlineResult } from './online/serial-pk.js';

type SerialPkForm = (conn: Connection, spec: SerialPkSpec, opts: OnlineOptions) => Promise<OnlineResult>;

/** Each dialect's online form, or why it has none. */
const onlineForms: Record<DialectName, SerialPkForm | string> = {
  postgres: addSerialPrimaryKeyOnline,
  // InnoDB cannot add an AUTO_INCREMENT key with LOCK=NONE: a shadow table takes the writes first.
  mysql: addSerialPrimaryKeyMysql,
  sqlite: 'SQLite adds a primary key only by rebuilding the table, and has one writer at a time anyway',
};

export async function addSerialPrimaryKey(
  conn: Connection,
  spec: SerialPkSpec,
  opts: OnlineOptions = {},
): Promise<OnlineResult> {
  const form =
    conn.driver === 'pglite'
      ? 'an embedded PGlite database has one connection: there are no concurrent writers to keep flowing'
      : onlineForms[conn.dialect];
  if (typeof form === 'string') {
    throw new VoipdbError('refused', `no online form here: ${form}`, {
      where: conn.target.display,
      hint: 'run the plain change in a quiet window (voipdb upgrade), after voipdb estimate tells how long it takes',
    });
  }
  return form(conn, spec, opts);
}

/**
 * A column added to a big table while writers go on: MySQL/MariaDB's ALGORITHM=INSTANT, else
 * INPLACE with LOCK=NONE. PostgreSQL needs no online form for it: a nullable column or one with
 * a constant default is added from the catalog, and voipdb upgrade bounds its lock wait.
 */
export async function addColumn(
  conn: Connection,
  table: string,
  definition: string,
  opts: OnlineOptions = {},
): Promise<ColumnResult> {
  const form = columnForms[conn.dialect];
  if (typeof form === 'string') {
    throw new VoipdbError('refused', `no online column addition on ${conn.dialect}: ${form}`, {
      where: conn.target.display,
      hint: 'voipdb upgrade adds it; its DDL lock timeout (--ddl-lock-timeout) keeps writers moving',
    });
  }
  return form(conn, table, definition, opts);
}

const columnForms: Record<DialectName, typeof addColumnMysql | string> = {
  mysql: addColumnMysql,
  postgres: 'none is needed: a nullable column, or one with a constant default, is added from the catalog alone',
  sqlite: 'SQLite adds a column from the catalog alone, and has one writer at a time',
};

const ident = String.raw`(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*))`;
const addSerialPk = new RegExp(
  String.raw`^ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(?:${ident}\.)?${ident}\s+ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?${ident}\s+(SERIAL4?|SERIAL8|BIGSERIAL|(?:INT(?:EGER)?|BIGINT)(?:\s+UNSIGNED)?\s+(?:NOT\s+NULL\s+)?AUTO_INCREMENT)\s+(?:NOT\s+NULL\s+)?PRIMARY\s+KEY\s*;?\s*$`,
  'i',
);
const grantSeq = new RegExp(
  String.raw`^GRANT\s+ALL(?:\s+PRIVILEGES)?\s+ON\s+SEQUENCE\s+(?:${ident}\.)?${ident}\s+TO\s+${ident}\s*;?\s*$`,
  'i',
);
const name = (m: RegExpExecArray, i: number) => (m[i] !== undefined ? m[i]!.replace(/""/g, '"') : m[i + 1]);

/** The online form of a migration made only of `ADD COLUMN ... SERIAL PRIMARY KEY` (and GRANTs on its sequence). */
export function onlineFormOf(statements: string[]): SerialPkSpec | undefined {
  const sqls = statements.map((s) => s.replace(/--[^\n]*$/gm, '').trim()).filter(Boolean);
  let spec: SerialPkSpec | undefined;
  const grants: string[] = [];
  for (const sql of sqls) {
    const a = addSerialPk.exec(sql);
    if (a && !spec) {
      const table = name(a, 3)!;
      const column = name(a, 5)!;
      spec = serialPkSpec(table, column, { type: /8|BIG/i.test(a[7]!) ? 'bigint' : 'integer' });
      continue;
    }
    const g = grantSeq.exec(sql);
    if (g) {
      grants.push(name(g, 5)!);
      if (spec && name(g, 3) !== spec.sequence) return undefined;
      continue;
    }
    return undefined;
  }
  if (spec) spec.grantTo = grants;
  return spec;
}

function installer(given?: string): string {
  try {
    return (given ?? process.env.VOIPDB_INSTALLED_BY ?? userInfo().username).slice(0, 128);
  } catch {
    return 'voipdb';
  }
}

export interface AheadResult {
  set: string;
  version: string;
  table: string;
  online: OnlineResult;
}

/**
 * Run the pending migration `<set>@<version>` (or a version unique among the sets) in its online
 * form now, while services run, and record it in voipdb's history and the set's version records
 * exactly as the runner would: the next `voipdb upgrade` finds it applied and skips it.
 * It must be the set's next pending step (so the version records stay in order).
 */
export async function applyAhead(
  conn: Connection,
  sets: ScriptSet[],
  spec: string,
  opts: OnlineOptions & { installedBy?: string; lockTimeoutMs?: number } = {},
): Promise<AheadResult> {
  const events = opts.events ?? silent;
  const at = spec.lastIndexOf('@');
  const [setName, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [undefined, spec];
  const states = await status(conn, sets);
  const matches = states.flatMap((st) =>
    !setName || st.set.name === setName
      ? st.rendered.filter((r) => r.migration.version === version).map((rm) => ({ st, rm }))
      : [],
  );
  if (!matches.length)
    throw new VoipdbError('not-found', `no migration ${spec} in the chosen sets`, {
      hint: 'voipdb status lists the pending migrations',
    });
  if (matches.length > 1)
    throw new VoipdbError('usage', `${version} is in several sets`, {
      hint: `name the set: voipdb online --ahead <set>@${version}`,
    });
  const { st, rm } = matches[0]!;
  const m = rm.migration;
  if (!st.pending.includes(rm))
    throw new VoipdbError('refused', `${st.set.name}@${version} is applied already`, {
      hint: 'nothing to do; voipdb status shows the pending steps',
    });
  const before = st.pending.indexOf(rm);
  if (before > 0) {
    const prev = st.pending[before - 1]!.migration.version;
    throw new VoipdbError(
      'refused',
      `${st.set.name}@${version} is not the next pending step (${before} step(s) before it are pending)`,
      {
        hint: `voipdb upgrade ${st.set.name}@${prev} first (in a quiet window), then run the big step ahead`,
      },
    );
  }
  const form = onlineFormOf(rm.up.statements.map((s) => s.sql));
  if (!form) {
    throw new VoipdbError(
      'refused',
      `${m.script} is more than one big-table change (ALTER TABLE ... ADD COLUMN ... SERIAL PRIMARY KEY): it has no online form`,
      {
        hint: `estimate it with voipdb estimate, and run it with voipdb upgrade`,
      },
    );
  }

  const dialect = dialectOf(conn.dialect);
  const topology = await guardWrites(conn, dialect, 'online', events);
  const release = await acquireRunLock(conn, dialect, opts.lockTimeoutMs ?? 60_000, events, topology);
  try {
    const online = await addSerialPrimaryKey(conn, form, opts);
    await ensureOwnTables(conn, dialect);
    for (const vr of st.set.versionRecords ?? []) {
      await vr.prepare?.(conn, st.set);
      for (const s of vr.ensure(dialect.name)) await conn.exec(s);
    }
    const row = insertRowSql(dialect, {
      set: st.set.name,
      version: m.version,
      description: `${m.description} (applied ahead, online form)`,
      kind: m.kind,
      script: m.script,
      checksum: rm.checksum,
      installedBy: installer(opts.installedBy),
      startedAt: null,
      state: 'applied',
    });
    const records = (st.set.versionRecords ?? []).flatMap((vr) => vr.write(dialect.name, m, 'up', st.set));
    await conn.exec(dialect.begin);
    try {
      for (const s of [row, ...records]) await conn.exec(s);
      await conn.exec(dialect.commit);
    } catch (e) {
      await conn.exec(dialect.rollback).catch(() => {});
      throw e;
    }
    events({
      type: 'log',
      level: 'info',
      message: `${st.set.name}@${m.version} applied ahead (${online.rows} rows back-filled); voipdb upgrade will skip it`,
    });
    return { set: st.set.name, version: m.version, table: form.table, online };
  } finally {
    await release();
  }
}
